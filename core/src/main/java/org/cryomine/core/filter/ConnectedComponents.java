package org.cryomine.core.filter;

import java.util.Arrays;
import java.util.function.IntPredicate;
import org.cryomine.core.Volume;

/**
 * Connected components of a set of voxels, with 26-connectivity (voxels that share a face, an edge or a
 * corner are connected), as {@code scipy.ndimage.label} with {@code structure=np.ones((3, 3, 3))} numbers
 * them: in the order of each component's first voxel in x-fastest order, from 1.
 *
 * @param ids   component of each voxel (same x-fastest indexing as {@link Volume#data()}), 0 outside the set
 * @param sizes voxel count of component i at index i (index 0 unused, 0)
 */
public record ConnectedComponents(int[] ids, int[] sizes) {

    /** The components of the voxels of {@code volume} whose index satisfies {@code inSet}. */
    public static ConnectedComponents of(Volume volume, IntPredicate inSet) {
        int nx = volume.nx();
        int ny = volume.ny();
        int nz = volume.nz();
        int[] ids = new int[volume.voxelCount()];
        int[] sizes = new int[16];
        int[] queue = new int[64];
        int count = 0;
        for (int seed = 0; seed < ids.length; seed++) {
            if (ids[seed] != 0 || !inSet.test(seed)) {
                continue;
            }
            count++;
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, 2 * count);
            }
            ids[seed] = count;
            int head = 0;
            int tail = 0;
            queue[tail++] = seed;
            while (head < tail) {
                int v = queue[head++];
                int x = v % nx;
                int y = (v / nx) % ny;
                int z = v / (nx * ny);
                for (int dz = -1; dz <= 1; dz++) {
                    int zz = z + dz;
                    if (zz < 0 || zz >= nz) {
                        continue;
                    }
                    for (int dy = -1; dy <= 1; dy++) {
                        int yy = y + dy;
                        if (yy < 0 || yy >= ny) {
                            continue;
                        }
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = x + dx;
                            if (xx < 0 || xx >= nx) {
                                continue;
                            }
                            int w = xx + nx * (yy + ny * zz);
                            if (ids[w] == 0 && inSet.test(w)) {
                                ids[w] = count;
                                if (tail == queue.length) {
                                    queue = Arrays.copyOf(queue, 2 * tail);
                                }
                                queue[tail++] = w;
                            }
                        }
                    }
                }
            }
            sizes[count] = tail;
        }
        return new ConnectedComponents(ids, Arrays.copyOf(sizes, count + 1));
    }

    /** Number of components. */
    public int count() {
        return sizes.length - 1;
    }

    /** Voxel indices of every component: {@code members()[i]} lists component i's voxels in ascending order. */
    public int[][] members() {
        int[][] out = new int[sizes.length][];
        int[] fill = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            out[i] = new int[i == 0 ? 0 : sizes[i]];
        }
        for (int v = 0; v < ids.length; v++) {
            int c = ids[v];
            if (c != 0) {
                out[c][fill[c]++] = v;
            }
        }
        return out;
    }
}
