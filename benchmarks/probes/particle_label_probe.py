# Usage: python3 particle_label_probe.py QUALITY_OUT/PRESET SIM_DIR
#   QUALITY_OUT: a `cryomine quality --out` folder (its PRESET/tomo1.mrc, run/ and segmodel/); SIM_DIR: `cryomine simulate
#   --preset PRESET --seed S --out SIM_DIR` for the pair's first tomogram (seed S = the pair's seed). docs/recipes.md,
#   "Particle labels from the group's average", reports its figures.
# Weak-label probe: a large-globule group's labels from each member's own smoothed density (the recipe's data part)
# against labels from the group's aligned average, compared with the simulator's truth inside the member boxes.
import sys, numpy as np
from scipy import ndimage as ndi
from probe_boxes import load, box, central, BALL as ball
run_dir, sim_dir = sys.argv[1], sys.argv[2]
picks, zimg, truth, seg = load(run_dir, sim_dir)
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
