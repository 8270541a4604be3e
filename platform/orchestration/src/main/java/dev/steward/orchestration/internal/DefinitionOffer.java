package dev.steward.orchestration.internal;

import dev.steward.api.flow.FlowDefinition;

/** Offers a plan's flow definition to the kernel until it is withdrawn. */
@FunctionalInterface
interface DefinitionOffer {

    /**
     * @param definition the definition
     * @return what withdraws it; running it twice does nothing more
     */
    Runnable offer(FlowDefinition definition);
}
