/**
 * The integration fabric as an operator sees it: the {@link dev.steward.api.fabric.ExceptionsInbox} of messages
 * that connector routes gave up on, to list, replay and discard from the shell and the REST API.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.steward.api.fabric;
