// Sixteen embedded players on one page (none autoplays; the test plays and pauses them).
const names = ['rock', 'classical', 'electronic', 'folk'];
for (let i = 0; i < 16; i++) {
  const frame = document.createElement('iframe');
  frame.src = `https://www.youtube.com/embed/${names[i % names.length].padEnd(11, '_')}?n=${i}`;
  frame.allow = 'autoplay';
  frame.title = `player ${i}`;
  document.getElementById('players').append(frame);
}
