package io.jkeepalived.config.model;

/** Placeholder: filled in by the model work of the foundation issue. */
public record GlobalDefs() {
}
