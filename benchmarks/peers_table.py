#!/usr/bin/python3
"""The table of benchmarks/peers.sh: reads the raw outputs of one run (a folder) and prints, per workload, the
median over rounds of the per-round ratio cryomine time / peer time with the target and pass/fail, then the
achieved GFLOP/s against the matrix-multiply peak measured in the same run, then MRC throughput against a file
copy. Usage: /usr/bin/python3 benchmarks/peers_table.py OUT_FOLDER   (Python 3 standard library only)."""
import json
import os
import re
import statistics
import sys

UNIT_S = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}


def jmh(path, agg=statistics.median):
    """{'Class.method[param=value,...]': seconds per operation (median, or agg, of the measured iterations)}."""
    if not os.path.exists(path):
        return {}
    try:
        runs = json.load(open(path))
    except ValueError:
        return {}
    out = {}
    for b in runs:
        name = ".".join(b["benchmark"].split(".")[-2:])
        keep = {k: v for k, v in b.get("params", {}).items() if k in ("bfloat16", "sigma", "sizeMiB")}
        if keep:
            name += "[" + ",".join(f"{k}={v}" for k, v in sorted(keep.items())) + "]"
        pm = b["primaryMetric"]
        raw = [x for fork in pm.get("rawData", [[pm["score"]]]) for x in fork]
        out[name] = agg(raw) * UNIT_S[pm["scoreUnit"]]
    return out


def text(path):
    return open(path).read() if os.path.exists(path) else ""


def median(xs):
    return statistics.median(xs) if xs else None


def fmt_time(s):
    if s is None:
        return "-"
    return f"{s:.2f} s" if s >= 1 else f"{s * 1e3:.3g} ms"


def main(out):
    machine = text(f"{out}/machine")
    rounds = int(re.search(r"rounds (\d+)", machine).group(1)) if "rounds" in machine else 0
    flops = {}
    for line in text(f"{out}/flops").splitlines():
        k, v = line.split()
        flops[k] = float(v)

    # rows: (label, unit, target ratio, kind, per-round (cryomine, peer) pairs, note)
    rows = []
    dog, km_t, km_i = [], [], []
    nn = {k: [] for k in ("ae_train_b8", "ae_encode_b64", "ae_decode_b64", "edss_train_b8", "edss_infer_b32")}
    nn_bf = {k: [] for k in ("ae_encode_b64", "ae_decode_b64", "edss_infer_b32")}
    ours_only = {"dog": [], "nn": {}, "nn_bf": {}}
    jmh_nn = {"ae_train_b8": "AutoencoderBenchmark.trainStepBatch8", "ae_encode_b64": "AutoencoderBenchmark.encodeBatch64",
              "ae_decode_b64": "AutoencoderBenchmark.decodeBatch64", "edss_train_b8": "EdssBenchmark.trainStepBatch8",
              "edss_infer_b32": "EdssBenchmark.inferBatch32"}
    scipy_stages = []
    for r in range(1, rounds + 1):
        d = jmh(f"{out}/r{r}-dog.json").get("DogBenchmark.dogPicking")
        m = re.search(r"smooth2 ([0-9.]+)s dog\(5,1.1\) ([0-9.]+)s minima ([0-9.]+)s total ([0-9.]+)s",
                      text(f"{out}/r{r}-scipy.txt"))
        if d is not None:
            ours_only["dog"].append(d)
        if d is not None and m:
            dog.append((d, float(m.group(4))))
            scipy_stages.append(tuple(float(m.group(i)) for i in (1, 2, 3)))
        k = jmh(f"{out}/r{r}-kmeans.json").get("KMeansBenchmark.fit")
        kr = re.search(r"(\d+) iterations, inertia ([0-9.]+)", text(f"{out}/r{r}-kmeans-report.txt"))
        ks = re.search(r": ([0-9.]+) s, (\d+) iterations, inertia ([0-9.]+)", text(f"{out}/r{r}-sklearn.txt"))
        if k is not None and kr and ks:
            km_t.append((k, float(ks.group(1))))
            km_i.append((float(kr.group(2)), float(ks.group(3))))
        torch = {}
        for line in text(f"{out}/r{r}-torch.txt").splitlines():
            p = line.split()
            if len(p) >= 2 and p[0] in nn:
                torch[p[0]] = float(p[1]) / 1e3
        f32, bf = jmh(f"{out}/r{r}-nn.json"), jmh(f"{out}/r{r}-nn-bf16.json")
        for key, bench in jmh_nn.items():
            o = f32.get(bench + "[bfloat16=false]")
            if o is not None:
                ours_only["nn"].setdefault(key, []).append(o)
                if key in torch:
                    nn[key].append((o, torch[key]))
            ob = bf.get(bench + "[bfloat16=true]")
            if key in nn_bf and ob is not None:
                ours_only["nn_bf"].setdefault(key, []).append(ob)
                if key in torch:
                    nn_bf[key].append((ob, torch[key]))

    print()
    print("cryomine against its peers, this machine, one run (medians over rounds; ratio = cryomine time / peer time"
          " in the same round, < 1 is faster)")
    for line in machine.splitlines():
        print("  " + line)
    loads = [float(x) for x in re.findall(r"load ([0-9.]+)", machine)]
    cpus = re.search(r"(\d+) processors", machine)
    if loads and cpus and max(loads) > 1.5 * int(cpus.group(1)):
        print(f"  WARNING: the machine was busy (1-minute load average up to {max(loads):.1f} on {cpus.group(1)} processors):"
              " a process's share of the CPU then grows with its thread count, so single-threaded peers (scipy) lose"
              " more than cryomine's 2 threads, and all figures are slower than on a quiet machine")
    skipped = text(f"{out}/skipped").strip()
    for line in skipped.splitlines():
        print("  skipped: " + line)
    for line in text(f"{out}/failures").strip().splitlines():
        print("  FAILED: " + line)
    print()
    head = f"{'workload':56s} {'cryomine':>12s} {'peer':>12s} {'ratio':>7s} {'speed-up':>8s}  {'target':10s} {'result':6s} rounds"
    print(head)
    print("-" * len(head))
    passes = []

    def row(label, pairs, limit, unit="s", alone=()):
        """One table row from per-round (cryomine, peer) pairs; with no pairs, cryomine's figure alone (peer missing)
        or nothing (not run)."""
        show = (lambda x: f"{x * 1e3:.2f} ms") if unit == "ms/subvolume" else \
            (lambda x: f"{x:.1f}") if unit == "inertia" else fmt_time
        target = "<= %.4g" % limit
        if not pairs:
            if alone:
                print(f"{label:56s} {show(median(list(alone))):>12s} {'-':>12s} {'-':>7s} {'-':>8s}  {target:10s} no peer")
            return
        ratios = [o / p for o, p in pairs]
        med = statistics.median(ratios)
        ours, theirs = median([o for o, _ in pairs]), median([p for _, p in pairs])
        ok = med <= limit
        passes.append(ok)
        speed = f"{1 / med:.2f}x" if unit != "inertia" else ""
        digits = 4 if unit == "inertia" else 3
        print(f"{label:56s} {show(ours):>12s} {show(theirs):>12s} {med:7.{digits}f} {speed:>8s}  {target:10s} "
              f"{'pass' if ok else 'FAIL':6s} " + " ".join(f"{x:.{digits}f}" for x in ratios))

    row("DoG picking 512x512x200 (vs scipy)", dog, 0.1, alone=ours_only["dog"])
    row("k-means 38112x32 k=100 time (vs sklearn)", km_t, 1.0)
    row("k-means inertia (vs sklearn, same data)", km_i, 1.001, unit="inertia")
    labels = {"ae_train_b8": "AE training step, batch 8", "ae_encode_b64": "AE encode, batch 64",
              "ae_decode_b64": "AE decode, batch 64", "edss_train_b8": "Edss3d training step, batch 8",
              "edss_infer_b32": "Edss3d inference, batch 32"}
    for key, label in labels.items():
        row(f"{label} (vs torch, per subvolume)", nn[key], 0.5, unit="ms/subvolume", alone=ours_only["nn"].get(key, ()))
    for key in nn_bf:
        row(f"{labels[key]} bf16 (vs torch float32)", nn_bf[key], 0.5, unit="ms/subvolume",
            alone=ours_only["nn_bf"].get(key, ()))
    print(f"targets: DoG >= 10x faster than scipy; k-means time <= 1.0x scikit-learn at inertia <= 1.001x; networks"
          f" >= 2x faster than PyTorch. {sum(passes)} of {len(passes)} rows pass.")
    if scipy_stages:
        s = [median([t[i] for t in scipy_stages]) for i in range(3)]
        threads = re.search(r"threads (\d+)", machine)
        print(f"scipy stages (median): smoothing {s[0]:.2f} s, DoG {s[1]:.2f} s, minima {s[2]:.2f} s"
              f" (scipy.ndimage runs on one thread; cryomine on {threads.group(1) if threads else '?'})")

    end_to_end(out)

    # achieved GFLOP/s against the matrix-multiply peak
    extras = jmh(f"{out}/gemm.json", agg=min)  # the peak: the best measured iteration
    for name in ("filter", "mrc"):
        extras.update(jmh(f"{out}/{name}.json"))
    peak = {bf: extras.get(f"GemmBenchmark.matMul[bfloat16={bf}]") for bf in ("false", "true")}
    print()
    if peak["false"] and "gemm_2048" in flops:
        p32 = flops["gemm_2048"] / peak["false"] / 1e9
        pbf = flops["gemm_2048"] / peak["true"] / 1e9 if peak["true"] else None
        print(f"matrix-multiply peak (TensorFlow MatMul = oneDNN SGEMM, 2048x2048, same threads, best iteration): float32 {p32:.1f} GFLOP/s"
              + (f", with the bfloat16 rewrite {pbf:.1f} GFLOP/s" if pbf else ""))
    else:
        p32 = pbf = None
        print("matrix-multiply peak: not measured (run with extras)")
    print("achieved GFLOP/s on reference flop counts (ReferenceFlops.java: the reference architectures and filters;"
          " cryomine's decoders do 3.4x fewer multiply-adds than they are credited with), % of the float32 peak")
    print(f"  {'workload':44s} {'GFLOP/unit':>10s} {'cryomine':>9s} {'% peak':>7s} {'peer':>9s} {'% peak':>7s}")

    def gf_row(label, key, ours, theirs, pk):
        if key not in flops or (ours is None and theirs is None):
            return
        g = lambda t: flops[key] / t / 1e9 if t else None
        go, gp = g(ours), g(theirs)
        pct = lambda x: f"{100 * x / pk:6.1f}%" if x and pk else "      -"
        num = lambda x: f"{x:9.1f}" if x else "        -"
        print(f"  {label:44s} {flops[key] / 1e9:10.3f} {num(go)} {pct(go)} {num(gp)} {pct(gp)}")

    nnflops = {"ae_train_b8": "ae_train", "ae_encode_b64": "ae_encode", "ae_decode_b64": "ae_decode",
               "edss_train_b8": "edss_train", "edss_infer_b32": "edss_infer"}
    for key, label in labels.items():
        ours = median(ours_only["nn"].get(key, []))
        theirs = median([p for _, p in nn[key]])
        gf_row(label + " (peer: torch)", nnflops[key], ours, theirs, p32)
    for key in nn_bf:
        gf_row(labels[key] + " bf16", nnflops[key], median(ours_only["nn_bf"].get(key, [])), None, p32)
    gf_row("Gaussian sigma 2, 512x512x200", "gauss_sigma2", extras.get("FilterBenchmark.gaussian[sigma=2]"), None, p32)
    gf_row("Gaussian sigma 5, 512x512x200", "gauss_sigma5", extras.get("FilterBenchmark.gaussian[sigma=5]"), None, p32)
    gf_row("DoG picking (peer: scipy)", "dog_picking", median(ours_only["dog"]), median([p for _, p in dog]), p32)

    mrc = {k.split("[")[0].split(".")[1]: (v, re.search(r"sizeMiB=(\d+)", k).group(1))
           for k, v in extras.items() if k.startswith("MrcBenchmark")}
    print()
    if mrc:
        size = int(next(iter(mrc.values()))[1])
        gbs = {k: size * 2 ** 20 / v / 1e9 for k, (v, _) in mrc.items()}
        cp = gbs.get("copy")
        parts = [f"{k} {gbs[k]:.2f} GB/s" + (f" ({gbs[k] / cp:.2f}x the copy)" if cp and k != "copy" else "")
                 for k in ("read", "write", "copy") if k in gbs]
        print(f"MRC float32, {size} MiB (GB = 1e9 bytes; the file is in the page cache): " + ", ".join(parts))
    else:
        print("MRC throughput: not measured (run with extras)")


# issue 20's targets for the chain on a 400x400x128 tomogram on 2 cores, in seconds
E2E_TARGETS = {"mine": 180, "train-seg": 300, "segment": 60}


def end_to_end(out):
    """The end-to-end rows (benchmarks/end-to-end.sh's "e2e COMMAND SECONDS" lines) and the commands' profiles."""
    lines = text(f"{out}/e2e.txt").splitlines()
    times = {}
    for line in lines:
        p = line.split()
        if len(p) == 3 and p[0] == "e2e" and p[1] in E2E_TARGETS:
            times[p[1]] = float(p[2])
    if not times:
        return
    size = re.search(r"size (\d+,\d+,\d+)", text(f"{out}/e2e.txt"))
    size = size.group(1) if size else "?"
    at_target_size = size == "400,400,128"
    print()
    print(f"end to end on a simulated {size.replace(',', 'x')} tomogram (wall seconds of each command as a user runs "
          f"it, JVM start included; no peer runs the whole chain)")
    for name in ("mine", "train-seg", "segment"):
        if name in times:
            limit = E2E_TARGETS[name]
            verdict = ("pass" if times[name] <= limit else "FAIL") if at_target_size else "(target is for 400x400x128)"
            print(f"  {name:10s} {times[name]:8.1f} s   target <= {limit} s  {verdict}")
    for line in lines:
        if line.startswith("e2e iou"):
            print("  segmentation IoU against the ground truth: " + line[len("e2e iou "):])
    profile = False
    for line in lines:
        if line.startswith("e2e profile"):
            print("  stage profile of " + line.split()[2] + ":")
            profile = True
        elif profile and line.startswith("    "):
            print("  " + line)
        else:
            profile = False


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: peers_table.py OUT_FOLDER (the folder benchmarks/peers.sh wrote)")
    main(sys.argv[1])
