/** SPI package hypervisor. */
@Export
@Version("1.2.0")
package org.gnt.plugins.hypervisor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
