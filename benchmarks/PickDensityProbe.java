import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryomine.core.BoundaryPolicy;
import org.cryomine.core.ProgressListener;
import org.cryomine.core.metrics.PickingMetrics;
import org.cryomine.core.pick.Peak;
import org.cryomine.core.pick.SubvolumePicker;
import org.cryomine.core.simulate.ObjectClass;
import org.cryomine.core.simulate.SimulatedTomogram;
import org.cryomine.core.simulate.SimulationPreset;

/**
 * How many picks multi-scale DoG picking makes and what it finds, with and without a quantile threshold, on every
 * quality-suite preset (docs/recipes.md, "Multi-scale picking with the small particles named"): single-scale (the
 * recommended picker, boxes at the faces kept), multi-scale 1.5-6 voxels in 5 sigmas (smoothing 1) without a pick
 * budget, and multi-scale with each given response quantile as threshold. Prints per preset and variant the number of
 * picks and the recall of large globules, small globules and membranes (PickingMetrics, an object found by a pick
 * within max(3, half its size) voxels). Picking only, no training: about a minute on 2 cores.
 * java -cp cli/target/cryomine.jar benchmarks/PickDensityProbe.java [seed=11] [quantiles=0.9,0.95,0.98]
 */
public class PickDensityProbe {
    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 11;
        String quantiles = args.length > 1 ? args[1] : "0.9,0.95,0.98";
        Map<String, SubvolumePicker> variants = new LinkedHashMap<>();
        SubvolumePicker single = SubvolumePicker.dog().withBoxSize(32).withBoundary(BoundaryPolicy.FILL_MEAN);
        variants.put("single", single);
        SubvolumePicker multi = single.withSmoothingSigma(1).withMultiScale(1.5, 6, 5);
        variants.put("multi", multi);
        for (String q : quantiles.split(",")) {
            variants.put("multi-q" + q, multi.withThresholdQuantile(Double.parseDouble(q)));
        }
        for (SimulationPreset p : SimulationPreset.all()) {
            SimulatedTomogram s = p.simulate(seed);
            StringBuilder line = new StringBuilder(String.format("%-24s", p.presetName()));
            for (var e : variants.entrySet()) {
                List<Peak> peaks = e.getValue().findPeaks(s.tomogram(), ProgressListener.NONE, null);
                PickingMetrics.Report r = PickingMetrics.evaluatePeaks(peaks, s.objects(),
                        o -> Math.max(3, o.size() / 2));
                line.append(String.format(" | %s n%d L%.2f S%.2f M%.2f", e.getKey(), peaks.size(),
                        r.recall(ObjectClass.LARGE_GLOBULE), r.recall(ObjectClass.SMALL_GLOBULE),
                        r.recall(ObjectClass.MEMBRANE)));
            }
            System.out.println(line);
        }
    }
}
