/** SPI package disk. */
@Export
@Version("1.2.0")
package org.gnt.plugins.disk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
