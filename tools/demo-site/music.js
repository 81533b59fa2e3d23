// YouTube Music stand-in: a queue played on one <video>. Controlled by tests through window.ytmusic.
const QUEUE = ['classical', 'electronic', 'rock', 'folk', 'hiphop'];
const player = document.getElementById('movie_player');
const video = player.querySelector('video');
const demoId = (name) => name.padEnd(11, '_');
let index = Math.max(0, QUEUE.indexOf((new URLSearchParams(location.search).get('v') ?? 'classical').replace(/_+$/, '')));
player.getVideoData = () => ({ video_id: demoId(QUEUE[index]), title: QUEUE[index] });

function play() {
  const name = QUEUE[index];
  document.getElementById('title').textContent = `${name} (demo track)`;
  video.src = `/media/${name}.opus`;
  video.play().catch(() => {});
}

window.ytmusic = {
  next() {
    index = (index + 1) % QUEUE.length;
    play();
  },
  setMode(mode) {
    document.getElementById('player').setAttribute('playback-mode', mode);
  },
  video,
};
document.getElementById('next').addEventListener('click', () => window.ytmusic.next());
document.getElementById('play').addEventListener('click', () => (video.paused ? video.play() : video.pause()));
// The queue advances by itself at the end of a track.
video.addEventListener('ended', () => window.ytmusic.next());
play();
