// Embedded players on one page. /many: sixteen (none autoplays; the test plays and pauses them).
// /many?muted=N: N embeds that autoplay muted (as blogs and news sites embed them) and one more,
// not muted, that the test plays (?muted=N&listened=0: the muted ones only).
const params = new URLSearchParams(location.search);
const muted = params.has('muted') ? Number(params.get('muted')) : 0;
const names = ['rock', 'classical', 'electronic', 'folk'];
const sources = params.has('muted')
  ? [
      ...Array.from({ length: muted }, (_, i) => `${names[i % names.length].padEnd(11, '_')}?autoplay=1&mute=1&n=${i}`),
      ...(params.get('listened') === '0' ? [] : [`${'rock'.padEnd(11, '_')}?n=${muted}`]),
    ]
  : Array.from({ length: 16 }, (_, i) => `${names[i % names.length].padEnd(11, '_')}?n=${i}`);
for (const [i, source] of sources.entries()) {
  const frame = document.createElement('iframe');
  frame.src = `https://www.youtube.com/embed/${source}`;
  frame.allow = 'autoplay';
  frame.title = `player ${i}`;
  document.getElementById('players').append(frame);
}
