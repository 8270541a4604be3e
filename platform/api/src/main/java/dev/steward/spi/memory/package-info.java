/** What plugins provide to the memory: summarizers of session history. */
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.steward.spi.memory;
