package org.cryomine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cryomine.core.VolumeStatistics;
import org.cryomine.io.ReadOptions;
import org.cryomine.io.VolumeHeader;
import org.cryomine.io.Volumes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cryomine info FILE [--json]}: the header and the statistics of the data. Sizes, voxel size and
 * origin are x, y, z after axis re-ordering (for an MRC file with mapc, mapr, maps = 3, 1, 2, nx is still
 * the size along x); min, max, mean and rms are computed from the data, the header's own values are
 * under "header".
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a volume file's header and statistics (MRC, TIFF; gzip/bzip2 too).")
public final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The volume file.")
    Path file;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--permissive", description = "Read damaged files as far as possible (warnings on stderr).")
    boolean permissive;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        ReadOptions options = new ReadOptions(permissive, true);
        VolumeHeader h = Volumes.readHeader(file, options);
        VolumeStatistics s = Volumes.statistics(file, options);
        Map<String, Object> info = info(file, h, s);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
        } else {
            for (Map.Entry<String, Object> e : info.entrySet()) {
                out.println(String.format(Locale.ROOT, "%-12s %s", e.getKey() + ":", text(e.getValue())));
            }
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> info(Path file, VolumeHeader h, VolumeStatistics s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("format", h.format());
        m.put("nx", h.nx());
        m.put("ny", h.ny());
        m.put("nz", h.nz());
        m.put("mode", h.mode());
        m.put("dataType", h.dataType().name().toLowerCase(Locale.ROOT));
        m.put("voxelSize", List.of(h.voxelSize().x(), h.voxelSize().y(), h.voxelSize().z()));
        m.put("origin", List.of(h.origin().x(), h.origin().y(), h.origin().z()));
        m.put("min", s.min());
        m.put("max", s.max());
        m.put("mean", s.mean());
        m.put("rms", s.rms());
        VolumeStatistics hs = h.headerStatistics();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("dmin", finiteOrNull(hs.min()));
        header.put("dmax", finiteOrNull(hs.max()));
        header.put("dmean", finiteOrNull(hs.mean()));
        header.put("rms", finiteOrNull(hs.rms()));
        m.put("header", header);
        m.put("nsymbt", h.nsymbt());
        m.put("exttyp", h.exttyp());
        m.put("labels", h.labels());
        m.put("ispg", h.ispg());
        m.put("nversion", h.nversion());
        m.put("axisOrder", h.axisOrder());
        m.put("stack", h.stackKind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        m.put("byteOrder", h.bigEndian() ? "big" : "little");
        return m;
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String text(Object v) {
        if (v instanceof List<?> list) {
            return list.stream().map(InfoCommand::text).reduce((a, b) -> a + ", " + b).orElse("");
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder();
            map.forEach((k, x) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(text(x)));
            return sb.toString();
        }
        return String.valueOf(v);
    }
}
