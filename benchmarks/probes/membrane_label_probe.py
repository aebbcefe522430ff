# Usage: python3 membrane_label_probe.py QUALITY_OUT/PRESET SIM_DIR (as particle_label_probe.py); docs/recipes.md,
#   "Membrane labels from a sheet filter", reports its figures.
# Membrane weak-label probe: the recipe's data part (own density smoothed by 1, group level, central piece, radius 0.45)
# against sheet-filtered variants, compared with the truth (class 1) in the member boxes of the first tomogram.
import sys, numpy as np
from scipy import ndimage as ndi
from probe_boxes import load, box, central, BALL as ball
run_dir, sim_dir = sys.argv[1], sys.argv[2]
picks, zall, truth, seg = load(run_dir, sim_dir)
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
z = np.stack([zall[i] for i in mem])
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
