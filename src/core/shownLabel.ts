/** The badge's words for what the live session shows; its own module so the content script bundles nothing else of src/core. */

export interface ShownForLabel {
  state: 'listening' | 'ready';
  genre: string | undefined;
  confidence: number;
  unsure: boolean;
  notice: 'quiet' | 'not-music' | undefined;
  /** None of the five, with the outside genre named when one is clear. */
  outside?: { genre?: string } | undefined;
}

/** Keys of the badge's messages (_locales/<lang>/messages.json) that `shownLabel` uses. */
export type ShownLabelKey = 'badgeListening' | 'badgeReady' | 'badgeUnsure' | 'badgeNotMusic' | 'badgeOutside' | 'badgeOutsideNamed';

/**
 * The badge's text for a shown value ("Rock · 87%", "Unsure · Rock?", "Jazz · not one of the
 * five", "Not music?", "Listening…"): the player badge and `npm run classify` both say it through this.
 */
export function shownLabel(shown: ShownForLabel, translate: (key: ShownLabelKey, ...substitutions: string[]) => string): string {
  if (shown.state === 'ready' && shown.outside) {
    return shown.outside.genre ? translate('badgeOutsideNamed', shown.outside.genre) : translate('badgeOutside');
  }
  if (shown.state === 'ready' && shown.genre) {
    return shown.unsure ? translate('badgeUnsure', shown.genre) : translate('badgeReady', shown.genre, `${Math.round(shown.confidence * 100)}%`);
  }
  return shown.notice === 'not-music' ? translate('badgeNotMusic') : translate('badgeListening');
}
