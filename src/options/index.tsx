/** The options page: badge visibility, corner, window length, top-3, colours. Saved to storage.sync, applied live. */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import { GENRES } from '../core/genres.ts';
import { FIRST_GUESS_SECONDS, TRAINED_WINDOW_SECONDS } from '../shared/figures.ts';
import { defaultGenreColor } from '../shared/genreStyle.ts';
import { type MessageKey, t } from '../shared/i18n.ts';
import { BADGE_POSITIONS, type BadgePosition, type Preferences, WINDOW_SECONDS_RANGE } from '../shared/preferences.ts';
import { savePreferences, watchPreferences } from '../shared/preferenceStore.ts';
import { SWITCHABLE, type SurfaceGrants, startInOpenTabs, surfaceIsOn, surfaceOrigins, watchSurfaceGrants } from '../shared/surfaceAccess.ts';
import { optionalOriginsOf, SURFACES, type SwitchableSurface } from '../shared/youtube.ts';

const POSITION_LABELS: Record<BadgePosition, MessageKey> = {
  'top-left': 'optionsTopLeft',
  'top-right': 'optionsTopRight',
  'bottom-left': 'optionsBottomLeft',
  'bottom-right': 'optionsBottomRight',
};

function Options() {
  const [prefs, setPrefs] = useState<Preferences>();
  const [status, setStatus] = useState('');
  const [grants, setGrants] = useState<SurfaceGrants>();
  useEffect(() => watchSurfaceGrants(setGrants), []);
  useEffect(() => watchPreferences(setPrefs), []);
  if (!prefs || !grants) return null;

  const save = (changes: Partial<Preferences>) => {
    setPrefs({ ...prefs, ...changes });
    savePreferences(changes).then(
      () => setStatus(t('optionsSaved')),
      (error: unknown) => setStatus(t('optionsSaveFailed', error instanceof Error ? error.message : String(error))),
    );
  };

  /**
   * Switching a surface on asks for its hosts (in the click itself: browsers grant only from a
   * user gesture, so nothing is awaited before the request); switching it off gives them back.
   */
  const setSurface = (surface: SwitchableSurface, checkbox: HTMLInputElement) => {
    const on = checkbox.checked;
    const surfaces = { ...prefs.surfaces, [surface]: on };
    if (on && !grants[surface]) {
      // Ticked once access is granted (the grant and the saved option re-render it). A required
      // host (YouTube Music's) can be asked for again once the browser's settings took it back.
      checkbox.checked = false;
      browser.permissions.request({ origins: surfaceOrigins(surface) }).then(
        (granted) => {
          if (!granted) {
            setStatus(t('optionsSurfaceDenied', t(SURFACES[surface].optionLabel)));
            return;
          }
          save({ surfaces });
          void startInOpenTabs(surface);
        },
        (error: unknown) => setStatus(t('optionsSaveFailed', error instanceof Error ? error.message : String(error))),
      );
      return;
    }
    save({ surfaces });
    // Access the manifest requires cannot be given back: the scripts are unregistered all the same.
    const optional = optionalOriginsOf(surface);
    if (!on && optional.length > 0) browser.permissions.remove({ origins: optional }).catch(() => false);
  };

  return (
    <>
      <h1>{t('optionsTitle')}</h1>
      <p class="lead">{t('optionsLead')}</p>

      <fieldset>
        <legend>{t('optionsBadge')}</legend>
        <label>
          <input type="checkbox" id="badge-visible" checked={prefs.badgeVisible} onChange={(e) => save({ badgeVisible: e.currentTarget.checked })} />
          {t('optionsBadgeVisible')}
        </label>
        <label>
          {t('optionsPosition')}
          <select id="badge-position" value={prefs.badgePosition} onChange={(e) => save({ badgePosition: e.currentTarget.value as BadgePosition })}>
            {BADGE_POSITIONS.map((p) => (
              <option key={p} value={p}>
                {t(POSITION_LABELS[p])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" id="show-top3" checked={prefs.showTop3} onChange={(e) => save({ showTop3: e.currentTarget.checked })} />
          {t('optionsTop3')}
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('optionsListening')}</legend>
        <label>
          {t('optionsWindow')}
          <input
            type="range"
            id="window-seconds"
            min={WINDOW_SECONDS_RANGE.min}
            max={WINDOW_SECONDS_RANGE.max}
            step={1}
            value={prefs.windowSeconds}
            aria-describedby="window-hint"
            onChange={(e) => save({ windowSeconds: Number(e.currentTarget.value) })}
          />
          <output for="window-seconds">{prefs.windowSeconds} s</output>
        </label>
        <p class="hint" id="window-hint">
          {t('optionsWindowHint', FIRST_GUESS_SECONDS, TRAINED_WINDOW_SECONDS.shortest, TRAINED_WINDOW_SECONDS.longest)}
        </p>
      </fieldset>

      <fieldset>
        <legend>{t('optionsSurfaces')}</legend>
        <p class="hint">{t('optionsSurfacesHint')}</p>
        {SWITCHABLE.map((surface) => (
          <label key={surface}>
            <input
              type="checkbox"
              id={`surface-${surface}`}
              checked={surfaceIsOn(surface, prefs, grants)}
              onChange={(e) => setSurface(surface, e.currentTarget)}
            />
            {t(SURFACES[surface].optionLabel)}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('optionsColors')}</legend>
        <div class="colors">
          {GENRES.map((genre) => (
            <label key={genre}>
              <input
                type="color"
                data-genre={genre}
                value={prefs.colors[genre] ?? defaultGenreColor(genre)}
                onChange={(e) => save({ colors: { ...prefs.colors, [genre]: e.currentTarget.value } })}
              />
              {genre}
            </label>
          ))}
        </div>
        <button type="button" onClick={() => save({ colors: {} })}>
          {t('optionsResetColors')}
        </button>
      </fieldset>
      <p class="status" role="status">
        {status}
      </p>
    </>
  );
}

render(<Options />, document.getElementById('app')!);
