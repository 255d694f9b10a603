"""The preview page: the pages on the left, the problems on the right, errors on top.

Everything after the first load comes over the event stream (``/events``): each ``state``
event redraws the problem list and the status line, and when there are new pages their
images are loaded in the background — the ones on screen first — and swapped in when
they have arrived, so the page does not flicker or jump. Text from the issue is only
ever set as text (``textContent``), never as HTML.

The page speaks the user's language: :func:`render_page` fills in the ``<html lang>`` and
the page's own words (:data:`TEXTS`, translated in the ``preview`` catalog; the script
fills their ``{name}`` fields).
"""

from __future__ import annotations

import html
import json

from ..i18n import N_, Translator, catalog, current_language

_ = Translator("preview")

#: The page's own words (the script fills their ``{fields}``).
TEXTS = {
    "title": N_("typesetter preview"),
    "window": N_("{issue} · typesetter preview"),
    "starting": N_("starting…"),
    "rebuilding": N_(" · rebuilding…"),
    "problems": N_("Problems"),
    "none": N_("none"),
    "open": N_("open in the editor"),
    "warning": N_("warning: {message}"),
    "hint": N_(" ({hint})"),
    "page": N_("page {n}"),
    "first": N_("first build…"),
    "built": N_("build {version}: {pages} pages in {seconds} s, at {time}"),
    "failed": N_("build {version} failed"),
    "disconnected": N_("disconnected: is typesetter preview running?"),
}


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n``, its fields left for the script."""
    return catalog("preview").ngettext(singular, plural, n)


def texts() -> dict[str, str | list[str]]:
    """The page's words in the current language; a count's sentence as [one, other]."""
    found: dict[str, str | list[str]] = {key: _(text) for key, text in TEXTS.items()}
    found["kept"] = [
        ngettext(
            "{n} error: these are the pages of the last good build, at {time}.",
            "{n} errors: these are the pages of the last good build, at {time}.",
            n,
        )
        for n in (1, 2)
    ]
    found["nogood"] = [
        ngettext("{n} error: no good build yet.", "{n} errors: no good build yet.", n)
        for n in (1, 2)
    ]
    return found


def render_page() -> str:
    """The page in the current language."""
    words = texts()
    fills = {
        "__LANG__": "zh-Hans" if current_language() == "zh-CN" else "en",
        "__TITLE__": html.escape(str(words["title"])),
        "__PROBLEMS__": html.escape(str(words["problems"])),
        "__STARTING__": html.escape(str(words["starting"])),
        "__TEXT__": json.dumps(words, ensure_ascii=False).replace("</", "<\\/"),
    }
    page = PAGE
    for mark, value in fills.items():
        page = page.replace(mark, value)
    return page


PAGE = """<!DOCTYPE html>
<html lang="__LANG__">
<head>
<meta charset="utf-8">
<title>__TITLE__</title>
<style>
  :root { font: 14px/1.45 system-ui, sans-serif; color: #222; background: #e9e9e6; }
  body { margin: 0; display: grid; grid-template-columns: 1fr 26rem; height: 100vh; }
  header { grid-column: 1 / 3; padding: .4rem 1rem; background: #333; color: #eee;
           display: flex; gap: 1rem; align-items: baseline; }
  header b { font-weight: 600; }
  #status.building::after { content: attr(data-building); color: #fc6; }
  #failed { grid-column: 1 / 3; display: none; background: #fde8e6; color: #7a1208;
            border-bottom: 2px solid #c62; padding: .5rem 1rem; }
  body.failed #failed { display: block; }
  #failed ul { margin: .3rem 0 0; padding-left: 1.2rem; }
  main { overflow-y: auto; padding: 1rem; }
  main img { display: block; margin: 0 auto 1rem; max-width: 100%; background: #fff;
             box-shadow: 0 1px 4px rgba(0,0,0,.3); }
  body.failed main img { opacity: .75; }
  aside { overflow-y: auto; background: #fafaf8; border-left: 1px solid #ccc; padding: .5rem 1rem; }
  aside h2 { font-size: 1rem; margin: .5rem 0; }
  .problem { margin: 0 0 .6rem; word-break: break-word; }
  .problem .place { font-family: ui-monospace, monospace; font-size: .85rem; }
  .problem.error .place { color: #a1170c; }
  .problem.warning .place { color: #8a5a00; }
  .problem .hint { color: #666; }
  #none { color: #666; }
</style>
</head>
<body>
<header><b id="issue" lang="zh-Hans"></b><span id="status">__STARTING__</span></header>
<section id="failed"><b id="failed-title"></b><ul id="errors"></ul></section>
<main id="pages"></main>
<aside><h2>__PROBLEMS__</h2><div id="problems"><p id="none">…</p></div></aside>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const TEXT = __TEXT__;
// A sentence with its {fields} filled; a count's sentence is [one, other].
function say(key, fields, count) {
  let text = TEXT[key];
  if (Array.isArray(text)) text = text[count === 1 ? 0 : 1];
  return text.replace(/\\{(\\w+)\\}/g, (all, name) => name in fields ? String(fields[name]) : all);
}
$("status").dataset.building = TEXT.rebuilding;
let shownVersion = 0;

function problemItem(problem, tag) {
  const item = document.createElement(tag);
  item.className = "problem " + problem.severity;
  const place = document.createElement(problem.href ? "a" : "span");
  place.className = "place";
  place.textContent = problem.place;
  if (problem.href) { place.href = problem.href; place.title = TEXT.open; }
  item.append(place, document.createTextNode(": "));
  item.append(problem.severity === "warning"
    ? say("warning", {message: problem.message}) : problem.message);
  if (problem.hint) {
    const hint = document.createElement("span");
    hint.className = "hint";
    hint.textContent = say("hint", {hint: problem.hint});
    item.append(hint);
  }
  return item;
}

function showPages(state) {
  const main = $("pages");
  while (main.children.length > state.pages) main.lastChild.remove();
  while (main.children.length < state.pages) {
    const img = document.createElement("img");
    img.alt = say("page", {n: main.children.length + 1});
    main.append(img);
  }
  // The pages on screen first, then the others, each swapped in once it has arrived.
  const height = window.innerHeight;
  const order = Array.from(main.children).map((img, index) => {
    const box = img.getBoundingClientRect();
    const distance = box.bottom < 0 ? -box.bottom : Math.max(0, box.top - height);
    return [distance, index, img];
  }).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const version = state.good_version;
  for (const [, index, img] of order) {
    const url = "/pages/" + version + "/" + (index + 1) + ".png";
    if (!img.getAttribute("src")) { img.src = url; continue; }
    const next = new Image();
    next.onload = () => { if (shownVersion === version) img.src = url; };
    next.src = url;
  }
  shownVersion = version;
  document.body.dataset.version = String(version);
}

function show(state) {
  $("issue").textContent = state.issue;
  document.title = say("window", {issue: state.issue});
  const status = $("status");
  status.className = state.building ? "building" : "";
  if (!state.version) {
    status.textContent = TEXT.first;
  } else if (state.ok) {
    status.textContent = say("built", {version: state.version, pages: state.pages,
      seconds: state.seconds, time: state.good_time});
  } else {
    status.textContent = say("failed", {version: state.version});
  }
  document.body.classList.toggle("failed", state.ok === false);
  const errors = state.problems.filter((p) => p.severity === "error");
  $("failed-title").textContent = say(state.good_version ? "kept" : "nogood",
    {n: errors.length, time: state.good_time}, errors.length);
  $("errors").replaceChildren(...errors.map((p) => problemItem(p, "li")));
  const list = state.problems.map((p) => problemItem(p, "p"));
  if (!list.length) {
    const none = document.createElement("p");
    none.id = "none";
    none.textContent = state.version ? TEXT.none : "…";
    list.push(none);
  }
  $("problems").replaceChildren(...list);
  if (state.good_version && state.good_version !== shownVersion) showPages(state);
  document.body.dataset.build = String(state.version);
}

const events = new EventSource("/events");
events.addEventListener("state", (event) => show(JSON.parse(event.data)));
events.onerror = () => {
  $("status").textContent = TEXT.disconnected;
};
</script>
</body>
</html>
"""
