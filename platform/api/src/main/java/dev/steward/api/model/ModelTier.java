package dev.steward.api.model;

/** A quality and price class of model; steps ask for a tier, not a model name. */
public enum ModelTier {
    /** Small, fast, cheap models for routine work. */
    CHEAP,
    /** General-purpose models. */
    STANDARD,
    /** The strongest and costliest models. */
    PREMIUM
}
