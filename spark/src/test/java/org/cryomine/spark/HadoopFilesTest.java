package org.cryomine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.cryomine.core.CryomineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging a tomogram from a Hadoop URI to local scratch and publishing an output to one, through a Hadoop file
 * system of another scheme ({@code cryotest://}, the local disk under another name, standing in for hdfs:// or
 * s3a://); the tomogram list file.
 */
class HadoopFilesTest {

    @TempDir
    Path dir;

    /** The local file system under the scheme {@code cryotest}. */
    public static final class CryotestFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("cryotest:///");
        }

        @Override
        public String getScheme() {
            return "cryotest";
        }
    }

    private static Configuration conf() {
        Configuration c = new Configuration(false);
        c.set("fs.cryotest.impl", CryotestFileSystem.class.getName());
        c.setBoolean("fs.cryotest.impl.disable.cache", true);
        return c;
    }

    @Test
    void stagesARemoteFileToScratchAndRemovesTheCopy() throws Exception {
        Path remote = dir.resolve("remote/TS_01.mrc");
        Files.createDirectories(remote.getParent());
        Files.write(remote, new byte[] {1, 2, 3, 4});
        Path scratch = dir.resolve("scratch");
        HadoopFiles.Staged staged = HadoopFiles.stage("cryotest://" + remote, scratch, new HadoopFiles.Conf(conf()).get());
        assertThat(staged.file()).isNotEqualTo(remote).startsWith(scratch).hasFileName("TS_01.mrc");
        assertThat(Files.readAllBytes(staged.file())).containsExactly(1, 2, 3, 4);
        staged.close();
        try (var left = Files.list(scratch)) {
            assertThat(left.toList()).isEmpty();
        }
        HadoopFiles.Staged local = HadoopFiles.stage(remote.toString(), scratch, conf());
        assertThat(local.file()).as("a local path is used in place").isEqualTo(remote);
        assertThatThrownBy(() -> HadoopFiles.stage("cryotest://" + dir.resolve("missing.mrc"), scratch, conf()))
                .hasMessageContaining("missing.mrc");
    }

    @Test
    void publishesUnderATemporaryNameAndRefusesToReplaceUnlessAsked() throws Exception {
        Path local = dir.resolve("labels.mrc");
        Files.write(local, new byte[] {9, 9});
        Path target = dir.resolve("out/TS_01.mrc");
        HadoopFiles.publish(local, "cryotest://" + target, false, conf());
        assertThat(Files.readAllBytes(target)).containsExactly(9, 9);
        assertThatThrownBy(() -> HadoopFiles.publish(local, "cryotest://" + target, false, conf()))
                .isInstanceOf(CryomineException.class).hasMessageContaining("exists");
        Files.write(local, new byte[] {7});
        HadoopFiles.publish(local, "cryotest://" + target, true, conf());
        assertThat(Files.readAllBytes(target)).containsExactly(7);
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("TS_01.mrc");
        }
    }

    @Test
    void readsTheTomogramListWithCommentsRelativePathsAndUris() throws Exception {
        Path list = dir.resolve("lists/tomograms.txt");
        Files.createDirectories(list.getParent());
        Files.writeString(list, "# dataset\ndata/TS_01.mrc\n\n/abs/TS_02.rec  # second\nhdfs://nn:8020/d/TS_03.mrc\n");
        List<TomogramRef> refs = TomogramRef.readList(list.toString(), conf());
        assertThat(refs).extracting(TomogramRef::name).containsExactly("TS_01", "TS_02", "TS_03");
        assertThat(refs.get(0).uri()).isEqualTo(dir.resolve("lists/data/TS_01.mrc").toString());
        assertThat(refs.get(1).uri()).isEqualTo("/abs/TS_02.rec");
        assertThat(refs.get(2).uri()).isEqualTo("hdfs://nn:8020/d/TS_03.mrc");
        Files.writeString(list, "a/x.mrc\nb/x.mrc\n");
        assertThatThrownBy(() -> TomogramRef.readList(list.toString(), conf())).isInstanceOf(CryomineException.class)
                .hasMessageContaining("'x'");
    }
}
