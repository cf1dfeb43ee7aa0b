// collate serve: upload with drag and drop and progress, then show the
// result from the JSON API without leaving the page.  The page works
// without this script (the form posts to /check).
'use strict';

(function () {
  const form = document.getElementById('upload');
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  const input = document.getElementById('file');
  const drop = document.getElementById('drop');
  const paper = document.getElementById('paper');
  const progress = document.getElementById('progress');
  const status = document.getElementById('status');
  const result = document.getElementById('result');
  const button = document.getElementById('submit');
  const maxUpload = Number(form.dataset.maxUpload || 0);
  let busy = false;

  document.documentElement.classList.add('js');

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', !!isError);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A one-line summary from the collate-check/1 JSON.
  function summary(json) {
    const f = json.files && json.files[0];
    if (!f) return null;
    const box = el('div', 'summary');
    box.appendChild(el('span', 'badge ' + f.status, f.status));
    const parts = [];
    if (f.pages !== null && f.pages !== undefined) parts.push(f.pages + (f.pages === 1 ? ' page' : ' pages'));
    if (f.paid_pages) parts.push(f.paid_pages + ' paid (' + f.fee.toFixed(2) + ' ' + (f.currency || '') + ')');
    const n = f.findings.length;
    parts.push(n === 0 ? 'no findings' : n + (n === 1 ? ' finding' : ' findings'));
    box.appendChild(el('span', 'summary-text', ' ' + f.path + ': ' + parts.join(', ')));
    return box;
  }

  function show(json) {
    result.textContent = '';
    const s = summary(json);
    if (s) result.appendChild(s);
    const report = el('div', 'report-host');
    // Server-made markup: every text in it is escaped by the server.
    report.innerHTML = json.report_html || '';
    result.appendChild(report);
    result.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function upload(file) {
    if (busy || !file) return;
    if (maxUpload && file.size > maxUpload) {
      say('The file is ' + (file.size / 1e6).toFixed(1) + ' MB; the limit is ' +
          (maxUpload / 1e6).toFixed(0) + ' MB.', true);
      return;
    }
    if (file.size === 0) {
      say('The file is empty.', true);
      return;
    }
    busy = true;
    button.disabled = true;
    const data = new FormData();
    data.append('pdf', file, file.name);
    let url = '/api/check?html=1';
    if (paper && paper.value) url += '&paper=' + encodeURIComponent(paper.value);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'json';
    progress.hidden = false;
    progress.value = 0;
    say('Uploading ' + file.name + '\u2026');
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) progress.value = Math.round(100 * e.loaded / e.total);
    };
    xhr.upload.onload = function () {
      progress.removeAttribute('value'); // indeterminate while checking
      say('Checking ' + file.name + '\u2026');
    };
    xhr.onload = function () {
      busy = false;
      button.disabled = false;
      progress.hidden = true;
      const json = xhr.response;
      if (json && json.schema === 'collate-check/1') {
        say('Checked ' + file.name + '.');
        show(json);
      } else {
        say((json && json.error) || ('The check failed (HTTP ' + xhr.status + ').'), true);
      }
    };
    xhr.onerror = xhr.ontimeout = function () {
      busy = false;
      button.disabled = false;
      progress.hidden = true;
      say('The upload failed; check the connection and try again.', true);
    };
    xhr.send(data);
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    upload(input.files[0]);
  });
  input.addEventListener('change', function () {
    if (input.files[0]) upload(input.files[0]);
  });
  ['dragenter', 'dragover'].forEach(function (t) {
    drop.addEventListener(t, function (e) {
      e.preventDefault();
      drop.classList.add('over');
    });
  });
  ['dragleave', 'drop'].forEach(function (t) {
    drop.addEventListener(t, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) {
    e.preventDefault();
    const files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length) {
      input.files = files;
      upload(files[0]);
    }
  });
  // A file dropped outside the zone must not replace the page.
  window.addEventListener('dragover', function (e) { e.preventDefault(); });
  window.addEventListener('drop', function (e) { e.preventDefault(); });
})();
