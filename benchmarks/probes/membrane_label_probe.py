# Usage: python3 membrane_label_probe.py QUALITY_OUT/PRESET SIM_DIR (as particle_label_probe.py); docs/recipes.md,
#   "Membrane labels from a sheet filter", reports its figures.
# Membrane weak-label probe: the recipe's data part (own density smoothed by 1, group level, central piece, radius 0.45)
# against sheet-filtered variants, compared with the truth (class 1) in the member boxes of the first tomogram.
import sys, json, numpy as np, mrcfile
from scipy import ndimage as ndi
run_dir, sim_dir = sys.argv[1], sys.argv[2]
B = 32; H = B // 2
tomo = mrcfile.open(run_dir + '/tomo1.mrc').data.astype(np.float32)
truth = mrcfile.open(sim_dir + '/labels.mrc').data
seg = json.load(open(run_dir + '/segmodel/segmodel.json'))
rows = [l.split() for l in open(run_dir + '/run/picks.star')]
picks = [(int(float(r[0])), int(float(r[1])), int(float(r[2])), int(r[5])) for r in rows if len(r) >= 7 and r[0][0] in '0123456789-']
def box(a, x, y, z, fill):
    out = np.full((B, B, B), fill, a.dtype)
    z0, y0, x0 = z - H, y - H, x - H
    sz = slice(max(z0, 0), min(z0 + B, a.shape[0])); sy = slice(max(y0, 0), min(y0 + B, a.shape[1])); sx = slice(max(x0, 0), min(x0 + B, a.shape[2]))
    out[sz.start - z0:sz.stop - z0, sy.start - y0:sy.stop - y0, sx.start - x0:sx.stop - x0] = a[sz, sy, sx]
    return out
mean = float(tomo.mean())
imgs = np.stack([box(tomo, x, y, z, mean) for x, y, z, c in picks])
mu, sd = imgs.mean(), imgs.std()
c = (B - 1) / 2; g = np.indices((B, B, B)) - c
ball = np.sqrt((g ** 2).sum(0)) <= 0.45 * B
def central(mask):
    lab, n = ndi.label(mask, np.ones((3, 3, 3)))
    if n < 2: return mask
    d = np.where(mask, (g ** 2).sum(0), np.inf); return lab == lab.flat[np.argmin(d)]
def hess_eig(v, s):
    H = np.empty(v.shape + (3, 3), np.float32)
    for i in range(3):
        for j in range(i, 3):
            o = [0, 0, 0]; o[i] += 1; o[j] += 1
            H[..., i, j] = H[..., j, i] = ndi.gaussian_filter(v, s, order=o, mode='nearest') * s * s
    return np.linalg.eigvalsh(H)  # ascending
grp = [g_ for g_ in seg['selection']['groups'] if g_.get('kind') == 'membrane'][0]
lev = seg['groupLevels'][grp['name']]
mem = [i for i, p in enumerate(picks) if p[3] in grp['clusters']]
tb = np.stack([box(truth, *picks[i][:3], 0) == 1 for i in mem])
z = np.stack([-(imgs[i] - mu) / sd for i in mem])
def score(labels):
    tp = (labels & tb & ball).sum(); fp = (labels & ~tb & ball).sum(); fn = (~labels & tb & ball).sum()
    return f'IoU {tp / (tp + fp + fn):.3f} fp {fp/(tp+fp):.2f} fn {fn/(tp+fn):.2f} vox {labels.sum()}'
name = run_dir.split('/')[-1]
sm = np.stack([ndi.gaussian_filter(v, 1.0, mode='nearest') for v in z])
own = np.stack([central((s > lev) & ball) for s in sm])
print(f'{name:22s} membrane members {len(mem)} level {lev:.2f} truth-in-ball {(tb & ball).sum()}')
print('  own sigma1          ', score(own))
for s2 in (1.5, 2.0):
    sm2 = np.stack([ndi.gaussian_filter(v, s2, mode='nearest') for v in z])
    # same voxel count as own: level matched
    q = np.quantile(sm2[:, ball], 1 - own.sum() / (len(mem) * ball.sum()))
    print(f'  own sigma{s2} matched  ', score(np.stack([central((s > q) & ball) for s in sm2])))
for hs in (1.5, 2.0):
    e = np.stack([hess_eig(v, hs) for v in z])  # (m, B,B,B, 3) ascending
    sheet = np.clip(-e[..., 0] - np.abs(e[..., 1]), 0, None)
    q = np.quantile(sheet[:, ball], 1 - own.sum() / (len(mem) * ball.sum()))
    print(f'  sheetness h{hs} matched', score(np.stack([central((s > q) & ball) for s in sheet])))
    # sheetness AND density at half the level
    q2 = np.quantile(sheet[:, ball], 0.5)
    print(f'  dens & sheet>{"median"} h{hs}', score(np.stack([central((s > lev) & (h > q2) & ball) for s, h in zip(sm, sheet)])))
