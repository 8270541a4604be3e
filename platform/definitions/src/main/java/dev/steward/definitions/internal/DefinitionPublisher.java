package dev.steward.definitions.internal;

import dev.steward.api.flow.FlowDefinition;

/** Offers one flow definition version to the kernel until it is withdrawn. */
interface DefinitionPublisher {

    /**
     * Offers a definition read from a flow file.
     *
     * @param file the file name in the flows directory
     * @param definition the definition
     * @return what withdraws the offer; running it twice does nothing more
     */
    Runnable publish(String file, FlowDefinition definition);
}
