/**
 * copick projects (github.com/copick/copick) on a local file system: the configuration (roots, pickable
 * objects), the runs and their tomograms, pick files and segmentations, laid out and named as copick's own
 * file-system implementation ({@code src/copick/impl/filesystem.py}) does, so that copick, its napari and
 * ChimeraX plugins and the CryoET Data Portal's tools read what cryomine writes.
 */
package org.cryomine.io.copick;
