# Shared by the weak-label probes: a `cryomine quality --out` pair folder's first tomogram, picks, selection and levels,
# the simulator's truth, and the members' boxes as the recipe cuts them (32^3, the outside filled with the mean),
# in units of the boxes' spread with dense matter positive.
import json, numpy as np, mrcfile
from scipy import ndimage as ndi

B = 32
H = B // 2
_c = (B - 1) / 2
GRID = np.indices((B, B, B)) - _c
BALL = np.sqrt((GRID ** 2).sum(0)) <= 0.45 * B  # the recipe's label radius, 0.45 box edges


def box(a, x, y, z, fill):
    out = np.full((B, B, B), fill, a.dtype)
    z0, y0, x0 = z - H, y - H, x - H
    sz = slice(max(z0, 0), min(z0 + B, a.shape[0]))
    sy = slice(max(y0, 0), min(y0 + B, a.shape[1]))
    sx = slice(max(x0, 0), min(x0 + B, a.shape[2]))
    out[sz.start - z0:sz.stop - z0, sy.start - y0:sy.stop - y0, sx.start - x0:sx.stop - x0] = a[sz, sy, sx]
    return out


def central(mask):
    """The 26-connected piece of mask nearest the box centre."""
    lab, n = ndi.label(mask, np.ones((3, 3, 3)))
    if n < 2:
        return mask
    d = np.where(mask, (GRID ** 2).sum(0), np.inf)
    return lab == lab.flat[np.argmin(d)]


def load(run_dir, sim_dir):
    """(picks [(x, y, z, cluster)], boxes in spread units dense-positive, truth labels, segmodel.json)."""
    tomo = mrcfile.open(run_dir + '/tomo1.mrc').data.astype(np.float32)
    truth = mrcfile.open(sim_dir + '/labels.mrc').data
    seg = json.load(open(run_dir + '/segmodel/segmodel.json'))
    rows = [l.split() for l in open(run_dir + '/run/picks.star')]
    picks = [(int(float(r[0])), int(float(r[1])), int(float(r[2])), int(r[5]))
             for r in rows if len(r) >= 7 and r[0][0] in '0123456789-']
    mean = float(tomo.mean())
    imgs = np.stack([box(tomo, x, y, z, mean) for x, y, z, _ in picks])
    return picks, -(imgs - imgs.mean()) / imgs.std(), truth, seg
