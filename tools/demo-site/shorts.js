// Shorts stand-in: one #shorts-player moved between renderers on each swipe. Controlled by tests through window.shorts.
const player = document.getElementById('shorts-player');
const demoId = (name) => name.padEnd(11, '_');
let currentId = '';
player.getVideoData = () => ({ video_id: currentId });

function play(name) {
  currentId = demoId(name);
  const v = player.querySelector('video');
  v.src = `/media/${name}.opus`;
  v.play().catch(() => {});
}

window.shorts = {
  swipe(name) {
    const renderers = [...document.querySelectorAll('ytd-reel-video-renderer')];
    const active = renderers.findIndex((r) => r.hasAttribute('is-active'));
    const next = renderers[(active + 1) % renderers.length];
    renderers[active].removeAttribute('is-active');
    next.setAttribute('is-active', '');
    next.append(player);
    history.pushState({}, '', `/shorts/${demoId(name)}`);
    play(name);
    document.dispatchEvent(new CustomEvent('yt-navigate-finish'));
  },
};
play(location.pathname.split('/')[2]?.replace(/_+$/, '') || 'rock');
