# Usage: python3 particle_label_probe.py QUALITY_OUT/PRESET SIM_DIR
#   QUALITY_OUT: a `cryomine quality --out` folder (its PRESET/tomo1.mrc, run/ and segmodel/); SIM_DIR: `cryomine simulate
#   --preset PRESET --seed S --out SIM_DIR` for the pair's first tomogram (seed S = the pair's seed). docs/recipes.md,
#   "Particle labels from the group's average", reports its figures.
# Weak-label probe: a large-globule group's labels from each member's own smoothed density (the recipe's data part)
# against labels from the group's aligned average, compared with the simulator's truth inside the member boxes.
import sys, json, numpy as np, mrcfile
from scipy import ndimage as ndi
run_dir, sim_dir = sys.argv[1], sys.argv[2]
B = 32; H = B // 2
tomo = mrcfile.open(run_dir + '/tomo1.mrc').data.astype(np.float32)
truth = mrcfile.open(sim_dir + '/labels.mrc').data
seg = json.load(open(run_dir + '/segmodel/segmodel.json'))
rows = [l.split() for l in open(run_dir + '/run/picks.star') if l.strip() and l.strip()[0].isdigit() or l.strip().startswith('-')]
picks = [(int(float(r[0])), int(float(r[1])), int(float(r[2])), int(r[5])) for r in rows if len(r) >= 7]
def box(a, x, y, z, fill):
    out = np.full((B, B, B), fill, a.dtype)
    z0, y0, x0 = z - H, y - H, x - H
    sz = slice(max(z0, 0), min(z0 + B, a.shape[0])); sy = slice(max(y0, 0), min(y0 + B, a.shape[1])); sx = slice(max(x0, 0), min(x0 + B, a.shape[2]))
    out[sz.start - z0:sz.stop - z0, sy.start - y0:sy.stop - y0, sx.start - x0:sx.stop - x0] = a[sz, sy, sx]
    return out
mean = float(tomo.mean())
imgs = np.stack([box(tomo, x, y, z, mean) for x, y, z, c in picks])
mu, sd = imgs.mean(), imgs.std()
zimg = -(imgs - mu) / sd  # dense positive
c = (B - 1) / 2; g = np.indices((B, B, B)) - c
ball = np.sqrt((g ** 2).sum(0)) <= 0.45 * B
def central(mask):
    lab, n = ndi.label(mask, np.ones((3, 3, 3)))
    if n < 2: return mask
    d = np.where(mask, (g ** 2).sum(0), np.inf); return lab == lab.flat[np.argmin(d)]
groups = seg['selection']['groups']; levels = seg['groupLevels']
for gi, grp in enumerate(groups):
    if grp.get('kind') != 'particle': continue
    name = grp['name']; lev = levels[name]; cls = 2 if 'large' in name else 3
    mem = [i for i, p in enumerate(picks) if p[3] in grp['clusters']]
    tb = np.stack([box(truth, *picks[i][:3], 0) == cls for i in mem])
    sm = np.stack([ndi.gaussian_filter(zimg[i], 1.0, mode='nearest') for i in mem])
    def score(labels):
        tp = (labels & tb & ball).sum(); fp = (labels & ~tb & ball).sum(); fn = (~labels & tb & ball).sum()
        per = [((l & t & ball).sum() / max(1, ((l | t) & ball).sum())) for l, t in zip(labels, tb)]
        return f'IoU {tp / (tp + fp + fn):.3f} mean {np.mean(per):.3f} worst10% {np.sort(per)[len(per)//10]:.3f} fp {fp/(tp+fp):.2f} fn {fn/(tp+fn):.2f}'
    own = np.stack([central((s > lev) & ball) for s in sm])
    print(f'{run_dir.split("/")[-1]:22s} {name} members {len(mem)} level {lev:.2f}')
    print('  own density        ', score(own))
    # aligned average: integer shifts within +-R maximizing correlation with the average inside the ball
    R = 3; shifts = np.zeros((len(mem), 3), int)
    raw = np.stack([zimg[i] for i in mem])
    for it in range(4):
        avg = np.mean([np.roll(r, tuple(-s), (0, 1, 2)) for r, s in zip(sm, shifts)], 0)
        ref = ndi.gaussian_filter(avg, 1.0) * ball
        for k, s in enumerate(sm):
            best, bs = -np.inf, (0, 0, 0)
            for dz in range(-R, R + 1):
                for dy in range(-R, R + 1):
                    for dx in range(-R, R + 1):
                        v = (np.roll(ref, (dz, dy, dx), (0, 1, 2)) * s).sum()
                        if v > best: best, bs = v, (dz, dy, dx)
            shifts[k] = bs
    avg = np.mean([np.roll(r, tuple(-s), (0, 1, 2)) for r, s in zip(sm, shifts)], 0)
    avg0 = sm.mean(0)
    comb = np.stack([central((0.5 * s + 0.5 * avg0 > lev) & ball) for s in sm])
    print(f'  own+avg0 unaligned ', score(comb))
    for w in (0.3, 0.5, 0.65):
        comb = np.stack([central(((1 - w) * s + w * np.roll(avg, tuple(sh), (0, 1, 2)) > lev) & ball) for s, sh in zip(sm, shifts)])
        print(f'  own+avg w{w:.2f}       ', score(comb))
    print('  shift |median|', np.median(np.abs(shifts), 0))
