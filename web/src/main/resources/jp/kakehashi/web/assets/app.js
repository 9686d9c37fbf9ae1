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

// Actions that cannot simply be taken back (removing a member, disabling an account) ask first,
// in the words their form carries (data-confirm); nothing is sent unless the person says yes.
(function () {
  document.querySelectorAll('form[data-confirm]').forEach(form => {
    form.addEventListener('submit', e => {
      if (!window.confirm(form.dataset.confirm)) {
        e.preventDefault();
      }
    });
  });
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
  },
  // Sizes as staff read them: KB under a megabyte, else MB with one decimal.
  size(bytes) {
    return bytes < 1048576 ? Math.ceil(bytes / 1024) + ' KB' : (bytes / 1048576).toFixed(1) + ' MB';
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
    // What the sender writes for the recipients (件名, メッセージ); not `note`, which names the
    // function that writes a line under a file's row.
    const cover = {
      subject: document.getElementById('subject').value,
      message: document.getElementById('message').value
    };
    const files = chosen.length ? chosen : Array.from(input.files);
    files.forEach(f => send(f, to, cover));
    chosen = [];
    input.value = '';
  });

  const say = uploads.say;

  // Sends through a resumable upload (tus 1.0): when the connection drops, the page waits and
  // goes on from the bytes the appliance already has; after a reload, choosing the same file for
  // the same destination goes on from there too.
  async function send(file, to, cover) {
    const r = uploads.row(list, file.name);
    const lang = document.documentElement.lang === 'en' ? 'en' : 'ja';
    if (file.size > max) {
      r.bar.remove();
      say(r.state, list.dataset.failed, 'failed');
      return;
    }
    let upload = (await unfinished()).find(u => u.name === file.name && u.destination === to && u.length === file.size);
    let offset = 0;
    if (upload) {
      offset = upload.offset;
      note(r, resumed(offset, file.size));
    } else {
      const created = await request('POST', '/uploads', {
        'Upload-Length': String(file.size),
        'Upload-Metadata': 'filename ' + base64(file.name) + ',destination ' + base64(to) +
          (cover.subject ? ',subject ' + base64(cover.subject) : '') +
          (cover.message ? ',message ' + base64(cover.message) : '')
      });
      if (created.status !== 201) {
        say(r.state, list.dataset.failed + ': ' + (created.answer[lang] || created.status), 'failed');
        return;
      }
      upload = { location: created.xhr.getResponseHeader('Location') };
      if (file.size === 0) {
        done(created.answer.id, r, lang);
        return;
      }
    }
    for (let tries = 0; ; tries++) {
      const sent = await patch(upload.location, file, offset, r);
      if (sent.status === 204 && sent.xhr.getResponseHeader('Kakehashi-Item')) {
        done(sent.xhr.getResponseHeader('Kakehashi-Item'), r, lang);
        forget(upload.location);
        return;
      }
      if (sent.status !== 0 && sent.status !== 409 && sent.status !== 204) {
        say(r.state, list.dataset.failed + ': ' + (sent.answer[lang] || sent.status), 'failed');
        return;
      }
      if (tries >= 30) {
        say(r.state, list.dataset.failed, 'failed');
        return;
      }
      // Dropped, or the old connection still holds it: wait, ask where it stands, go on from there.
      say(r.state, list.dataset.waiting);
      await new Promise(ok => setTimeout(ok, Math.min(30000, 1000 * 2 ** Math.min(tries, 5))));
      const head = await request('HEAD', upload.location, {});
      if (head.status === 404) {
        say(r.state, list.dataset.failed, 'failed');
        return;
      }
      if (head.status === 200) {
        offset = Number(head.xhr.getResponseHeader('Upload-Offset'));
        note(r, resumed(offset, file.size));
        say(r.state, list.dataset.sending);
      }
    }
  }

  function done(id, r, lang) {
    r.bar.value = 100;
    say(r.state, list.dataset.done, 'done');
    follow(id, r, lang);
  }

  // Takes a finished upload off the list of those that stopped part-way.
  function forget(location) {
    const section = document.getElementById('unfinished');
    const li = section && Array.from(section.querySelectorAll('li')).find(l => l.dataset.location === location);
    if (li) {
      li.remove();
      section.hidden = section.querySelectorAll('li').length === 0;
    }
  }

  // A line that stays under the file's row: where sending went on from.
  function note(r, text) {
    let line = r.li.querySelector('.note');
    if (!line) {
      line = document.createElement('div');
      line.className = 'note';
      r.li.insertBefore(line, r.state);
    }
    line.textContent = text;
  }

  function resumed(offset, size) {
    return list.dataset.resumed + ' ' + uploads.size(offset) + ' / ' + uploads.size(size);
  }

  // One PATCH with the rest of the file; resolves with status 0 when the connection drops.
  function patch(location, file, offset, r) {
    return new Promise(resolve => {
      const xhr = new XMLHttpRequest();
      xhr.open('PATCH', location);
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      xhr.setRequestHeader('Tus-Resumable', '1.0.0');
      xhr.setRequestHeader('Upload-Offset', String(offset));
      xhr.setRequestHeader('Content-Type', 'application/offset+octet-stream');
      xhr.upload.addEventListener('progress', e => {
        if (file.size > 0) {
          r.bar.value = Math.floor(((offset + e.loaded) / file.size) * 100);
        }
      });
      xhr.addEventListener('load', () => resolve(answered(xhr)));
      xhr.addEventListener('error', () => resolve({ status: 0, xhr, answer: {} }));
      xhr.addEventListener('abort', () => resolve({ status: 0, xhr, answer: {} }));
      xhr.send(file.slice(offset));
    });
  }

  function request(method, url, headers) {
    return new Promise(resolve => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      xhr.setRequestHeader('Tus-Resumable', '1.0.0');
      Object.entries(headers).forEach(([k, v]) => xhr.setRequestHeader(k, v));
      xhr.addEventListener('load', () => resolve(answered(xhr)));
      xhr.addEventListener('error', () => resolve({ status: 0, xhr, answer: {} }));
      xhr.send();
    });
  }

  function answered(xhr) {
    let answer = {};
    try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = {}; }
    return { status: xhr.status, xhr, answer };
  }

  function base64(text) {
    return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
  }

  // The uploads that stopped part-way (this account's, kept by the appliance for 24 hours).
  async function unfinished() {
    const got = await request('GET', '/uploads', {});
    return got.status === 200 && Array.isArray(got.answer.uploads) ? got.answer.uploads : [];
  }

  // Lists them when the page opens, each with a button to cancel it.
  (async function showUnfinished() {
    const section = document.getElementById('unfinished');
    const all = await unfinished();
    if (!section || all.length === 0) {
      return;
    }
    const ul = section.querySelector('ul');
    all.forEach(u => {
      const li = document.createElement('li');
      li.dataset.location = u.location;
      li.textContent = u.name + ' (' + uploads.size(u.offset) + ' / ' + uploads.size(u.length) + ') ';
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.textContent = ul.dataset.cancel;
      cancel.addEventListener('click', async () => {
        await request('DELETE', u.location, {});
        forget(u.location);
      });
      li.append(cancel);
      ul.append(li);
    });
    section.hidden = false;
  }());

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
