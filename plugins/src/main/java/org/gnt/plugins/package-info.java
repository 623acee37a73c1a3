/** The gnt plugin SPI: what a hypervisor, storage or OS bundle implements. Depends on the JDK only. */
@Export
@Version("1.0.0")
package org.gnt.plugins;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
