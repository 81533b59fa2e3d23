/**
 * The figures the user-facing texts quote, taken from the code so they cannot drift: the options
 * hint, the popup's "Listening…" line (tests/unit/figures.test.ts checks that no message writes a
 * number of its own).
 */
import { FEATURE_SPEC } from '../core/spec.ts';

/** Seconds of audio before the first guess: one YAMNet patch, whatever the window. */
export const FIRST_GUESS_SECONDS = Math.max(1, Math.round(FEATURE_SPEC.minWindowSeconds));

/** The window lengths the model was trained on: from its first patch to the full window. */
export const TRAINED_WINDOW_SECONDS = { shortest: FIRST_GUESS_SECONDS, longest: FEATURE_SPEC.windowSeconds } as const;
