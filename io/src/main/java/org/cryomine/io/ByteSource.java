package org.cryomine.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Random access to the bytes of a file: positional {@link FileChannel} reads for plain files (so files
 * over 2 GiB work), or the decompressed bytes in memory for gzip and bzip2 files (recognised by their
 * magic bytes, not their name; at most 2 GiB decompressed). Close it after use.
 */
public abstract class ByteSource implements AutoCloseable {

    private final Path path;

    ByteSource(Path path) {
        this.path = path;
    }

    /** Opens {@code file}, decompressing it when it starts with the gzip or bzip2 magic bytes. */
    public static ByteSource open(Path file) {
        try {
            Compression c = Compression.of(file);
            if (c == Compression.NONE) {
                return new ChannelSource(file, FileChannel.open(file, StandardOpenOption.READ));
            }
            try (InputStream in = c.decompress(file)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                    if (total > Integer.MAX_VALUE - 16) {
                        throw new VolumeFormatException(file, "decompressed content is larger than 2 GiB; "
                                + "decompress the file first (e.g. gunzip) so that it can be read by positional reads");
                    }
                    out.write(buffer, 0, n);
                }
                return new ArraySource(file, out.toByteArray(), true);
            } catch (IOException | RuntimeException e) {
                if (e instanceof VolumeFormatException) {
                    throw (VolumeFormatException) e;
                }
                throw new VolumeFormatException(file, "corrupt " + c.name().toLowerCase(java.util.Locale.ROOT)
                        + " compression: " + e, e);
            }
        } catch (IOException e) {
            throw new VolumeFormatException(file, "cannot read: " + e, e);
        }
    }

    /** Whether {@code file} starts with the gzip or bzip2 magic bytes (false for a directory store). */
    public static boolean isCompressed(Path file) {
        if (Files.isDirectory(file)) {
            return false;
        }
        try {
            return Compression.of(file) != Compression.NONE;
        } catch (IOException e) {
            throw new VolumeFormatException(file, "cannot read: " + e, e);
        }
    }

    /** Up to {@code n} leading bytes of {@code file}, decompressed when gzip or bzip2. */
    public static byte[] firstBytes(Path file, int n) {
        try (InputStream in = Compression.of(file).decompress(file)) {
            return in.readNBytes(n);
        } catch (IOException | RuntimeException e) {
            throw new VolumeFormatException(file, "cannot read: " + e, e);
        }
    }

    /** The file this source reads. */
    public Path path() {
        return path;
    }

    /** Whether the bytes were decompressed from gzip or bzip2. */
    public abstract boolean compressed();

    /** Number of (decompressed) bytes. */
    public abstract long size();

    /**
     * Copies bytes from {@code position} into {@code dst[off, off+len)}; returns how many were copied,
     * fewer than {@code len} only at the end of the file.
     */
    public abstract int read(long position, byte[] dst, int off, int len);

    @Override
    public void close() {
    }

    /** gzip, bzip2 or none, by magic bytes. */
    enum Compression {
        NONE, GZIP, BZIP2;

        static Compression of(Path file) throws IOException {
            byte[] magic = new byte[3];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(magic, 0, 3);
            }
            if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                return GZIP;
            }
            if (n == 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
                return BZIP2;
            }
            return NONE;
        }

        InputStream decompress(Path file) throws IOException {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            try {
                switch (this) {
                    case GZIP:
                        return new GZIPInputStream(raw, 1 << 16);
                    case BZIP2:
                        return new BZip2CompressorInputStream(raw, true);
                    default:
                        return raw;
                }
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }
    }

    static final class ChannelSource extends ByteSource {
        private final FileChannel channel;

        ChannelSource(Path path, FileChannel channel) {
            super(path);
            this.channel = channel;
        }

        @Override
        public boolean compressed() {
            return false;
        }

        @Override
        public long size() {
            try {
                return channel.size();
            } catch (IOException e) {
                throw new VolumeFormatException(path(), "cannot read: " + e, e);
            }
        }

        @Override
        public int read(long position, byte[] dst, int off, int len) {
            ByteBuffer buffer = ByteBuffer.wrap(dst, off, len);
            try {
                long p = position;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, p);
                    if (n < 0) {
                        break;
                    }
                    p += n;
                }
            } catch (IOException e) {
                throw new VolumeFormatException(path(), "cannot read at byte " + position + ": " + e, e);
            }
            return len - buffer.remaining();
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new VolumeFormatException(path(), "cannot close: " + e, e);
            }
        }
    }

    /** Bytes held in memory (decompressed files, tests). */
    static final class ArraySource extends ByteSource {
        private final byte[] bytes;
        private final boolean compressed;

        ArraySource(Path path, byte[] bytes, boolean compressed) {
            super(path);
            this.bytes = bytes;
            this.compressed = compressed;
        }

        @Override
        public boolean compressed() {
            return compressed;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public int read(long position, byte[] dst, int off, int len) {
            if (position >= bytes.length) {
                return 0;
            }
            int n = (int) Math.min(len, bytes.length - position);
            System.arraycopy(bytes, (int) position, dst, off, n);
            return n;
        }
    }
}
