/*
 * Proof of work for anonymous forms: the browser side of townhall/feedback/antispam.py.
 *
 * For each form[data-pow-challenge], find a nonce such that SHA-256(challenge + ":" + nonce)
 * starts with data-pow-bits zero bits, put it in input[name=pow_nonce] and hide the question
 * that people without JavaScript answer instead ([data-pow-fallback]). Solving starts in idle
 * time after the page loads, so it is usually done before the person has finished writing; a
 * submit that comes first waits for it, with a status message.
 *
 * Without crypto.subtle (old browsers, pages not served over HTTPS) this script does nothing
 * and the question stays: that is the same path as having no JavaScript at all.
 *
 * The CSP allows no inline script or style: no eval, no handlers in markup, no style changes;
 * hiding uses the hidden attribute.
 */
(function () {
  "use strict";

  const subtle = window.crypto && window.crypto.subtle;
  if (!subtle || typeof window.TextEncoder !== "function" || !window.Promise) {
    return;
  }

  // Hashes in flight at once. Large enough to keep the digest queue busy, small enough that
  // a slice of work stays well under a frame.
  const BATCH = 128;
  // Foreground slices while someone waits on the submit button; yield between them so the
  // status message paints and the page still scrolls.
  const URGENT_SLICE_MS = 50;
  const IDLE_FALLBACK_SLICE_MS = 10;
  const SUBMIT_SELECTOR = 'button:not([type]), button[type="submit"], input[type="submit"]';
  const encoder = new TextEncoder();

  function leadingZeroBits(buffer) {
    const bytes = new Uint8Array(buffer);
    let count = 0;
    for (let i = 0; i < bytes.length; i += 1) {
      if (bytes[i] === 0) {
        count += 8;
      } else {
        return count + Math.clz32(bytes[i]) - 24;
      }
    }
    return count;
  }

  function budget(ms) {
    const end = performance.now() + ms;
    return {
      timeRemaining: function () {
        return Math.max(0, end - performance.now());
      },
    };
  }

  // Resolves with an object whose timeRemaining() says how long this slice may run.
  function nextSlice(state) {
    return new Promise(function (resolve) {
      if (!state.urgent && typeof window.requestIdleCallback === "function") {
        window.requestIdleCallback(resolve, { timeout: 250 });
      } else {
        const ms = state.urgent ? URGENT_SLICE_MS : IDLE_FALLBACK_SLICE_MS;
        window.setTimeout(function () {
          resolve(budget(ms));
        }, 0);
      }
    });
  }

  async function solve(state) {
    const prefix = state.challenge + ":";
    let counter = 0;
    for (;;) {
      const slice = await nextSlice(state);
      // At least one batch per slice, even when an idle callback arrives with no time left.
      do {
        const candidates = [];
        const digests = [];
        for (let i = 0; i < BATCH; i += 1) {
          const candidate = String(counter + i);
          candidates.push(candidate);
          digests.push(subtle.digest("SHA-256", encoder.encode(prefix + candidate)));
        }
        counter += BATCH;
        const results = await Promise.all(digests);
        for (let j = 0; j < results.length; j += 1) {
          if (leadingZeroBits(results[j]) >= state.bits) {
            return candidates[j];
          }
        }
      } while (slice.timeRemaining() > 0);
    }
  }

  function submitButtons(form) {
    return form.querySelectorAll(SUBMIT_SELECTOR);
  }

  function statusElement(form) {
    return form.querySelector("[data-pow-status]") || document.querySelector("[data-pow-status]");
  }

  function setStatus(form, working) {
    const status = statusElement(form);
    if (status) {
      status.textContent = working ? status.getAttribute("data-working") || "" : "";
    }
    if (working) {
      form.setAttribute("aria-busy", "true");
    } else {
      form.removeAttribute("aria-busy");
    }
  }

  function fallbackInputs(form) {
    const block = form.querySelector("[data-pow-fallback]");
    return block ? block.querySelectorAll("input, select, textarea") : [];
  }

  function hideFallback(form) {
    const block = form.querySelector("[data-pow-fallback]");
    if (block) {
      block.hidden = true;
    }
    fallbackInputs(form).forEach(function (input) {
      input.required = false;
    });
  }

  // The question goes back to being required when the proof of work cannot be done.
  function restoreFallback(state) {
    state.requiredInputs.forEach(function (input) {
      input.required = true;
    });
  }

  function fallbackAnswered(form) {
    const block = form.querySelector("[data-pow-fallback]");
    if (!block || block.hidden) {
      return false;
    }
    return Array.prototype.some.call(fallbackInputs(form), function (input) {
      return input.value.trim() !== "";
    });
  }

  function resubmit(form, submitter) {
    if (typeof form.requestSubmit === "function") {
      // Runs validation and fires submit again, which this time goes through.
      if (submitter && submitter.form === form) {
        form.requestSubmit(submitter);
      } else {
        form.requestSubmit();
      }
      return;
    }
    // Older browsers: submit() skips the submit event and drops the button's value.
    if (submitter && submitter.name) {
      const carrier = document.createElement("input");
      carrier.type = "hidden";
      carrier.name = submitter.name;
      carrier.value = submitter.value;
      form.appendChild(carrier);
    }
    form.submit();
    disableSubmit(form);
  }

  function disableSubmit(form) {
    submitButtons(form).forEach(function (button) {
      button.disabled = true;
    });
  }

  function onSubmit(state, event) {
    const form = state.form;
    if (state.submitted || state.waiting) {
      // A second click or Enter while the first submission is on its way.
      event.preventDefault();
      return;
    }
    if (state.nonce === null && !state.failed && !fallbackAnswered(form)) {
      event.preventDefault();
      state.urgent = true;
      state.waiting = true;
      setStatus(form, true);
      const submitter = event.submitter || null;
      state.solving.then(function () {
        state.waiting = false;
        setStatus(form, false);
        resubmit(form, submitter);
      });
      return;
    }
    // Disable after the browser has built the form data: a disabled button is left out of
    // it, and the view may read which button was pressed. Another script may still cancel.
    window.setTimeout(function () {
      if (!event.defaultPrevented) {
        state.submitted = true;
        disableSubmit(form);
      }
    }, 0);
  }

  function setUp(form) {
    const nonceInput = form.querySelector('input[name="pow_nonce"]');
    const bits = parseInt(form.getAttribute("data-pow-bits"), 10);
    const challenge = form.getAttribute("data-pow-challenge");
    if (!nonceInput || !challenge || !(bits >= 0 && bits <= 32)) {
      return;
    }
    const state = {
      form: form,
      challenge: challenge,
      bits: bits,
      nonce: null,
      failed: false,
      urgent: false,
      waiting: false,
      submitted: false,
      // The question must not block submitting while the answer is still being computed;
      // the submit handler waits for it instead.
      requiredInputs: Array.prototype.filter.call(fallbackInputs(form), function (input) {
        return input.required;
      }),
      solving: null,
    };
    state.requiredInputs.forEach(function (input) {
      input.required = false;
    });
    state.solving = solve(state).then(
      function (nonce) {
        state.nonce = nonce;
        nonceInput.value = nonce;
        hideFallback(form);
      },
      function () {
        state.failed = true;
        restoreFallback(state);
      }
    );
    form.addEventListener("submit", function (event) {
      onSubmit(state, event);
    });
    // Back/forward cache: the page comes back exactly as it was left, buttons disabled.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        state.submitted = false;
        submitButtons(form).forEach(function (button) {
          button.disabled = false;
        });
      }
    });
  }

  function start() {
    document.querySelectorAll("form[data-pow-challenge]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
