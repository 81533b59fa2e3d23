// Embedded player stand-in: /embed/<id>, or /embed?listType=playlist&list=<name> (a playlist
// embed, a form widely used in public code). ?autoplay=1 plays at once (?mute=1: muted); otherwise window.embed.play().
const name = (location.pathname.split('/')[2] || new URLSearchParams(location.search).get('list') || 'rock').replace(/_+$/, '');
const id = name.padEnd(11, '_');
setTimeout(() => {
  const player = document.createElement('div');
  player.id = 'movie_player';
  player.className = 'html5-video-player ytp-embed';
  player.getVideoData = () => ({ video_id: id });
  const video = document.createElement('video');
  video.className = 'html5-main-video';
  video.loop = true;
  video.src = `/media/${name}.opus`;
  const link = document.createElement('a');
  link.className = 'ytp-title-link';
  link.href = `https://www.youtube.com/watch?v=${id}`;
  link.textContent = `${name} (demo)`;
  player.append(video, link);
  document.getElementById('player').append(player);
  // ?mute=1: muted, as embeds that autoplay on news sites and blogs are.
  if (new URLSearchParams(location.search).get('mute') === '1') video.muted = true;
  if (new URLSearchParams(location.search).get('autoplay') === '1') video.play().catch(() => {});
}, 500);
window.embed = {
  play: () => document.querySelector('video').play(),
  pause: () => document.querySelector('video').pause(),
};
