// Kakehashi portal: drag-and-drop sending with a progress bar per file, then the file's state
// as the appliance checks it. Plain JavaScript, no libraries, loaded from this origin only.
'use strict';

// The monthly report's print button: the browser's own print dialog, with the print stylesheet.
(function () {
  const print = document.getElementById('print');
  if (print) {
    print.addEventListener('click', () => window.print());
  }
}());

// What both upload forms share: a drop zone over a file input, and a row per file with a
// progress bar and its state.
const uploads = {
  dropZone(drop, input, choose) {
    drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', e => {
      e.preventDefault();
      drop.classList.remove('over');
      choose(e.dataTransfer.files);
    });
    input.addEventListener('change', () => choose(input.files));
  },
  row(list, fileName) {
    const li = document.createElement('li');
    const name = document.createElement('div');
    name.textContent = fileName;
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    const state = document.createElement('div');
    state.className = 'state';
    state.textContent = list.dataset.sending;
    li.append(name, bar, state);
    list.append(li);
    return { li, bar, state };
  },
  say(state, text, cls) {
    state.textContent = text;
    state.className = 'state ' + (cls || '');
  }
};

(function () {
  const form = document.getElementById('send');
  if (!form) {
    return;
  }
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const drop = document.getElementById('drop');
  const input = document.getElementById('files');
  const list = document.getElementById('progress');
  const max = Number(form.dataset.max);
  let chosen = [];

  function choose(files) {
    chosen = Array.from(files);
    drop.querySelector('p').textContent = chosen.map(f => f.name).join(', ') || drop.querySelector('p').textContent;
  }

  uploads.dropZone(drop, input, choose);

  form.addEventListener('submit', e => {
    e.preventDefault();
    const to = document.getElementById('to').value;
    const files = chosen.length ? chosen : Array.from(input.files);
    files.forEach(f => send(f, to));
    chosen = [];
    input.value = '';
  });

  const say = uploads.say;

  function send(file, to) {
    const r = uploads.row(list, file.name);
    const lang = document.documentElement.lang === 'en' ? 'en' : 'ja';
    if (file.size > max) {
      r.bar.remove();
      say(r.state, list.dataset.failed, 'failed');
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/upload');
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('X-Destination', to);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.addEventListener('progress', e => {
      if (e.lengthComputable) {
        r.bar.value = Math.floor((e.loaded / e.total) * 100);
      }
    });
    xhr.addEventListener('load', () => {
      let answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = {}; }
      if (xhr.status === 201) {
        r.bar.value = 100;
        say(r.state, list.dataset.done + ': ' + answer[lang], 'done');
        follow(answer.id, r, lang);
      } else {
        say(r.state, list.dataset.failed + ': ' + (answer[lang] || xhr.status), 'failed');
      }
    });
    xhr.addEventListener('error', () => say(r.state, list.dataset.failed, 'failed'));
    xhr.send(file);
  }

  // Asks for the file's state until the appliance has decided, so nothing stalls silently.
  function follow(id, r, lang) {
    let tries = 0;
    const timer = setInterval(() => {
      tries++;
      fetch('/items/' + encodeURIComponent(id) + '/status', { credentials: 'same-origin' })
        .then(res => res.json())
        .then(s => {
          let text = s[lang];
          if (s.queuePosition !== undefined) {
            text += ' (' + s.queuePosition + ')';
          }
          if (s.reason) {
            text += ': ' + s.reason[lang];
          }
          if (s.held) {
            text += ' — ' + s.held[lang];
          }
          const stopped = ['BLOCKED', 'QUARANTINED', 'REJECTED'].includes(s.stage);
          say(r.state, text, stopped ? 'failed' : 'done');
          const a = document.createElement('a');
          if (!['RECEIVED', 'CHECKING', 'SANITIZED'].includes(s.stage) || tries > 600) {
            clearInterval(timer);
            a.href = s.url;
            a.textContent = ' ›';
            r.state.append(a);
          }
        })
        .catch(() => clearInterval(timer));
    }, 1000);
  }
}());

// 共有フォルダ: new files on a folder's page, a new version on a file's page. A new version is
// sent under the file's own name with the version it was based on, so a copy saved as
// "見積書 (1).docx" still updates 見積書.docx, and an edit of an outdated version is refused.
(function () {
  const form = document.getElementById('folder-upload');
  if (!form) {
    return;
  }
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const drop = document.getElementById('drop');
  const input = document.getElementById('files');
  const list = document.getElementById('progress');
  const max = Number(form.dataset.max);
  const lang = document.documentElement.lang === 'en' ? 'en' : 'ja';
  let chosen = [];

  uploads.dropZone(drop, input, files => { chosen = Array.from(files); });

  form.addEventListener('submit', e => {
    e.preventDefault();
    const files = chosen.length ? chosen : Array.from(input.files);
    let pending = files.length;
    files.forEach(f => send(f, ok => {
      pending--;
      if (pending === 0 && ok) {
        setTimeout(() => window.location.reload(), 1000);
      }
    }));
    chosen = [];
    input.value = '';
  });

  function send(file, done) {
    const { bar, state } = uploads.row(list, form.dataset.name || file.name);
    if (file.size > max) {
      uploads.say(state, list.dataset.failed, 'failed');
      done(false);
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/folders/' + encodeURIComponent(form.dataset.folder) + '/upload');
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(form.dataset.name || file.name));
    if (form.dataset.basedOn) {
      xhr.setRequestHeader('X-Based-On', form.dataset.basedOn);
    }
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.addEventListener('progress', e => {
      if (e.lengthComputable) {
        bar.value = Math.floor((e.loaded / e.total) * 100);
      }
    });
    xhr.addEventListener('load', () => {
      let answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = {}; }
      const ok = xhr.status === 201;
      bar.value = ok ? 100 : bar.value;
      uploads.say(
        state, (ok ? list.dataset.done : list.dataset.failed) + ': ' + (answer[lang] || xhr.status), ok ? 'done' : 'failed');
      done(ok);
    });
    xhr.addEventListener('error', () => {
      uploads.say(state, list.dataset.failed, 'failed');
      done(false);
    });
    xhr.send(file);
  }
}());
