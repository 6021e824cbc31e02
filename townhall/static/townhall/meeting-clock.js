/*
 * The live clocks of a meeting's public comment period (seed 000: 30 minutes overall, 3 each),
 * for the room's display (meetings/public/display.html) and the clerk's screen (staff). Every
 * page works without this file: the server renders the state at load, with a Refresh link.
 *
 * CONTRACT. Any element with data-period-state-url is a root; everything below is looked up
 * inside it, and every part is optional (a page shows what it needs).
 *
 *   <div data-period-state-url="/…/state.json" data-poll-ms="1000">   polled every poll-ms
 *     [data-bind="phase"]         text of data-phase-before / data-phase-open / data-phase-ended
 *     [data-bind="speaker"]       the current speaker's name, or data-empty when nobody speaks
 *     [data-bind="item"]          the speaker's agenda item, or data-empty
 *     [data-bind="speaker_left"]  mm:ss, "–" when nobody speaks; gets class is-up at 00:00
 *     [data-bind="total_left"]    mm:ss of the whole period; gets class is-up at 00:00
 *                                 (give both clocks role="timer": they are never announced)
 *     [data-bind="next"]          a list (ol/ul): one <li> per name, or one <li class="empty">
 *                                 with data-empty when nobody waits
 *     [data-bind="waiting"]       the number of people waiting
 *     [data-announce]             the aria-live="polite" region. Only changes are announced,
 *                                 never the ticking: data-say-speaker ("… {name} …", a new
 *                                 speaker), data-say-minute (1 minute left), data-say-up (the
 *                                 speaker's time is up), data-say-over (the period's time is
 *                                 used up); a new phase announces its data-phase-* label.
 *     [data-refresh]              the no-JavaScript refresh link: hidden once polling works
 *
 *   The JSON (townhall.meetings.selectors.period_state_json; extra keys are ignored):
 *   {"phase": "before" | "open" | "ended", "total_left": seconds, "speaker_left": seconds or
 *    null, "over": bool, "speaker": name or null, "item": title or null, "next": [names…],
 *    "waiting": number}
 *
 * Between polls the clocks count down locally (only while the phase is "open"); each answer
 * resets them to the server's count. A failed poll keeps the last state on screen and tries
 * again with a growing pause. The CSP allows no inline script or style: text goes in with
 * textContent, visibility with the hidden attribute and classes.
 */
(function () {
  "use strict";

  const TICK_MS = 250;
  const MERGE_MS = 2000;
  const MAX_PAUSE_MS = 30000;

  function pad(n) {
    return (n < 10 ? "0" : "") + String(n);
  }

  function clockText(seconds) {
    if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) {
      return "–";
    }
    const s = Math.max(0, Math.floor(Number(seconds)));
    return pad(Math.floor(s / 60)) + ":" + pad(s % 60);
  }

  function start(root) {
    const url = root.getAttribute("data-period-state-url");
    const every = parseInt(root.getAttribute("data-poll-ms"), 10) || 1000;
    const announcer = root.querySelector("[data-announce]");
    let state = null;
    let receivedAt = 0;
    let shown = null; // the clocks as last shown: {speaker, speakerLeft, totalLeft}
    let said = { speaker: null, first: null, minute: false, up: false, over: false };
    let lastSaid = "";
    let lastSaidAt = 0;
    let sayTimer = 0;
    let failures = 0;

    function bound(name) {
      return root.querySelectorAll('[data-bind="' + name + '"]');
    }

    function setText(name, value) {
      bound(name).forEach(function (el) {
        let text = value === null || value === undefined ? "" : String(value);
        if (text === "") {
          text = el.getAttribute("data-empty") || "";
        }
        if (el.textContent !== text) {
          el.textContent = text;
        }
      });
    }

    function setClock(name, seconds) {
      bound(name).forEach(function (el) {
        const text = clockText(seconds);
        if (el.textContent !== text) {
          el.textContent = text;
        }
        el.classList.toggle("is-up", seconds === 0);
      });
    }

    function say(messages) {
      const text = messages.filter(Boolean).join(" ");
      if (!announcer || !text) {
        return;
      }
      // Two changes close together (a new speaker and, a second later, their last minute) are
      // said together: the second must not replace the first before it is read.
      const now = Date.now();
      const joined = now - lastSaidAt < MERGE_MS ? lastSaid + " " + text : text;
      lastSaid = joined;
      lastSaidAt = now;
      // Emptied first, so the same words said twice (two speakers' "Time is up") are heard twice.
      announcer.textContent = "";
      window.clearTimeout(sayTimer);
      sayTimer = window.setTimeout(function () {
        announcer.textContent = joined;
      }, 100);
    }

    function phrase(name) {
      return announcer ? announcer.getAttribute("data-say-" + name) || "" : "";
    }

    function left(key) {
      if (!state || state[key] === null || state[key] === undefined) {
        return null;
      }
      const value = Number(state[key]);
      if (state.phase !== "open") {
        return value;
      }
      return Math.max(0, value - Math.floor((Date.now() - receivedAt) / 1000));
    }

    function renderClocks(messages) {
      if (!state) {
        return;
      }
      const speakerLeft = left("speaker_left");
      const totalLeft = left("total_left");
      setClock("speaker_left", speakerLeft);
      setClock("total_left", totalLeft);
      if (said.speaker !== state.speaker) {
        said = { speaker: state.speaker, first: speakerLeft, minute: false, up: false, over: said.over };
      }
      // Each is said once per speaker, and only on crossing: a page opened in a speaker's last
      // minute does not announce it, nor does a speaker who starts with a minute or less (the
      // period nearly used up), and a poll that corrects the local count by a second does not
      // say it twice.
      if (shown && state.phase === "open") {
        const same = shown.speaker === state.speaker;
        if (same && speakerLeft !== null && shown.speakerLeft !== null) {
          const hadMore = said.first !== null && said.first > 62;
          if (!said.minute && hadMore && shown.speakerLeft > 60 && speakerLeft <= 60 && speakerLeft > 0) {
            said.minute = true;
            messages.push(phrase("minute"));
          }
          if (!said.up && shown.speakerLeft > 0 && speakerLeft === 0) {
            said.up = true;
            messages.push(phrase("up"));
          }
        }
        if (!said.over && shown.totalLeft !== null && shown.totalLeft > 0 && totalLeft === 0) {
          said.over = true;
          messages.push(phrase("over"));
        }
      }
      shown = { speaker: state.speaker, speakerLeft: speakerLeft, totalLeft: totalLeft };
    }

    function renderList(names) {
      bound("next").forEach(function (list) {
        const items = Array.isArray(names) ? names.map(String) : [];
        const empty = list.getAttribute("data-empty") || "";
        const wanted = items.length ? items : empty ? [empty] : [];
        const current = Array.prototype.map.call(list.children, function (li) {
          return li.textContent;
        });
        const unchanged =
          current.length === wanted.length &&
          current.every(function (text, i) {
            return text === wanted[i];
          });
        if (unchanged) {
          return;
        }
        while (list.firstChild) {
          list.removeChild(list.firstChild);
        }
        wanted.forEach(function (text) {
          const li = document.createElement("li");
          li.textContent = text;
          if (!items.length) {
            li.className = "empty";
          }
          list.appendChild(li);
        });
      });
    }

    function apply(data) {
      const previous = state;
      const messages = [];
      state = data;
      receivedAt = Date.now();
      bound("phase").forEach(function (el) {
        const text = el.getAttribute("data-phase-" + data.phase) || data.phase || "";
        if (el.textContent !== text) {
          el.textContent = text;
        }
      });
      setText("speaker", data.speaker);
      setText("item", data.item);
      setText("waiting", data.waiting);
      renderList(data.next);
      if (previous) {
        if (data.phase !== previous.phase && announcer) {
          const label = root.querySelector('[data-bind="phase"]');
          messages.push(label ? label.getAttribute("data-phase-" + data.phase) : "");
        }
        if (data.speaker && data.speaker !== previous.speaker) {
          messages.push(phrase("speaker").replace("{name}", data.speaker));
        }
      }
      renderClocks(messages);
      say(messages);
    }

    function schedule(ms) {
      window.setTimeout(poll, ms);
    }

    function poll() {
      window
        .fetch(url, {
          credentials: "same-origin",
          cache: "no-store",
          headers: { Accept: "application/json" },
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          failures = 0;
          root.querySelectorAll("[data-refresh]").forEach(function (el) {
            el.hidden = true;
          });
          apply(data);
          schedule(every);
        })
        .catch(function () {
          failures += 1;
          schedule(Math.min(MAX_PAUSE_MS, every * Math.pow(2, failures)));
        });
    }

    window.setInterval(function () {
      const messages = [];
      renderClocks(messages);
      say(messages);
    }, TICK_MS);
    poll();
  }

  if (!window.fetch) {
    return;
  }
  document.querySelectorAll("[data-period-state-url]").forEach(start);
})();
