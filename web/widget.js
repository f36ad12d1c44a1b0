/*
 * The clinic's chat widget. One tag on any page adds it:
 *
 *   <script src="https://assistant.example.com/widget.js" defer
 *           data-server="https://assistant.example.com:5005"
 *           data-clinic-name="Riverside Neuropathy Clinic"
 *           data-phone="(555) 010-0199"></script>
 *
 * It talks to the Rasa server's REST channel. The server issues the conversation id
 * (POST /webhooks/rest/conversations -> {"sender": "web:..."}); messages go to
 * POST /webhooks/rest/webhook with that id. Everything the assistant or the patient wrote is
 * shown with textContent, never parsed as HTML. The id and the conversation are kept in
 * localStorage, so a reload or a new tab carries on. Plain JavaScript, no dependencies, no
 * build step.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector("script[src*='widget.js']");
  if (!script || window.__clinicChatWidget) return;
  window.__clinicChatWidget = true;

  var data = script.dataset;
  var config = {
    server: (data.server || "http://localhost:5005").replace(/\/+$/, ""),
    clinicName: data.clinicName || "the clinic",
    title: data.title || "Questions? Chat with us",
    phone: data.phone || "",
    color: data.color || "#0b5394",
    textColor: data.textColor || "#ffffff",
    maxChars: parseInt(data.maxChars || "2000", 10),
  };
  var STORAGE_KEY = "clinic-chat:" + config.server;
  var MAX_STORED_MESSAGES = 200;
  var REPLY_TIMEOUT_MS = 60000;
  var RETRY_FIRST_MS = 1000;
  var RETRY_MAX_MS = 30000;

  // ---- Conversation state, shared by every tab through localStorage ----------------------
  // `sender` is the id the server issued, or null until the first message asks for one.

  function newState(open) {
    return { sender: null, messages: [], greeted: false, open: open };
  }

  function loadState() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      if (saved && Array.isArray(saved.messages)) {
        if (typeof saved.sender !== "string" || !saved.sender) saved.sender = null;
        return saved;
      }
    } catch (ignored) { /* unreadable or blocked storage: start afresh */ }
    return newState(false);
  }

  function saveState() {
    state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (ignored) { /* private mode or full: the conversation still works in this tab */ }
  }

  var state = loadState();

  // ---- Building the widget (inside a shadow root, so the page's CSS cannot reach it) -------

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function telHref(phone) {
    return "tel:" + phone.replace(/[^0-9+]/g, "");
  }

  function speechBubbleIcon() {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "cw-launcher-icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  var host = el("div", { id: "clinic-chat-widget" });
  var root = host.attachShadow({ mode: "open" });
  root.host.style.setProperty("--cw-color", config.color);
  root.host.style.setProperty("--cw-text-color", config.textColor);
  root.appendChild(el("link", { rel: "stylesheet", href: new URL("widget.css", script.src).href }));

  var launcher = el("button", {
    type: "button", class: "cw-launcher", "aria-expanded": "false", "aria-controls": "cw-panel",
    "aria-label": "Open chat with " + config.clinicName,
  });
  launcher.appendChild(speechBubbleIcon());
  launcher.appendChild(el("span", { class: "cw-launcher-text" }, "Chat"));

  var panel = el("section", {
    id: "cw-panel", class: "cw-panel", role: "dialog", "aria-labelledby": "cw-title", "aria-describedby": "cw-emergency",
  });
  panel.hidden = true;

  // A div, not <header>: the page has its own banner landmark, and this is not a second one.
  var header = el("div", { class: "cw-header" });
  var heading = el("div", { class: "cw-heading" });
  heading.appendChild(el("h2", { id: "cw-title", class: "cw-title" }, config.title));
  heading.appendChild(el("p", { class: "cw-subtitle" }, "Automated assistant of " + config.clinicName));
  var closeButton = el("button", { type: "button", class: "cw-close", "aria-label": "Close chat" }, "\u00D7");
  header.appendChild(heading);
  header.appendChild(closeButton);

  // Always shown, whatever the server does. Static text, not in the live log: a screen reader
  // reads it once, as the dialog's description, when the panel opens.
  var emergency = el("p", { id: "cw-emergency", class: "cw-emergency" });
  emergency.appendChild(el("strong", {}, "Not for emergencies:"));
  emergency.appendChild(document.createTextNode(" "));
  emergency.appendChild(el("a", { href: "tel:911" }, "call 911"));
  emergency.appendChild(document.createTextNode(", or "));
  emergency.appendChild(el("a", { href: "tel:988", "aria-label": "call 988" }, "call"));
  emergency.appendChild(document.createTextNode(" or "));
  emergency.appendChild(el("a", { href: "sms:988" }, "text 988"));
  emergency.appendChild(document.createTextNode("."));

  var callBar = el("div", { class: "cw-bar" });
  if (config.phone) {
    var call = el("p", { class: "cw-call" });
    call.appendChild(el("span", { class: "cw-call-prefix" }, "Prefer to talk? "));
    call.appendChild(el("a", { class: "cw-call-link", href: telHref(config.phone) }, "Call the clinic: " + config.phone));
    callBar.appendChild(call);
  }
  // The conversation is kept on this device: on a shared computer, the patient can wipe it.
  // Its accessible name starts with its visible text, so voice control finds it by what it says.
  var clearButton = el("button", { type: "button", class: "cw-clear", "aria-label": "Clear chat from this device" }, "Clear chat");
  callBar.appendChild(clearButton);

  var log = el("div", { class: "cw-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
  var typing = el("div", { class: "cw-typing", role: "status", "aria-label": "The assistant is typing" });
  typing.appendChild(el("span", { "aria-hidden": "true" }));
  typing.appendChild(el("span", { "aria-hidden": "true" }));
  typing.appendChild(el("span", { "aria-hidden": "true" }));
  typing.hidden = true;
  var notice = el("p", { class: "cw-notice", role: "alert" });
  notice.hidden = true;

  var form = el("form", { class: "cw-form" });
  var inputLabel = el("label", { for: "cw-input", class: "cw-visually-hidden" }, "Type your message");
  var input = el("input", {
    id: "cw-input", class: "cw-input", type: "text", autocomplete: "off",
    maxlength: String(config.maxChars), placeholder: "Type your message\u2026",
  });
  var sendButton = el("button", { type: "submit", class: "cw-send" }, "Send");
  form.appendChild(inputLabel);
  form.appendChild(input);
  form.appendChild(sendButton);

  [header, emergency, callBar, log, typing, notice, form].forEach(function (part) { panel.appendChild(part); });
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- Rendering messages: text only, links built as elements --------------------------

  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;

  function appendLinkified(parent, text) {
    var last = 0;
    text.replace(URL_PATTERN, function (match, offset) {
      var url = match.replace(/[.,;:!?)\]]+$/, "");
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var link = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
      parent.appendChild(link);
      last = offset + url.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderMessage(message) {
    var bubble = el("div", { class: "cw-message cw-from-" + (message.from === "user" ? "user" : "bot") });
    bubble.appendChild(el("span", { class: "cw-visually-hidden" }, message.from === "user" ? "You said: " : "Assistant: "));
    if (message.text) appendLinkified(bubble, message.text);
    if (message.image && /^https?:\/\//i.test(message.image)) {
      bubble.appendChild(document.createTextNode(" "));
      bubble.appendChild(el("a", { href: message.image, target: "_blank", rel: "noopener noreferrer" }, "View image"));
    }
    return bubble;
  }

  function renderButtons(buttons) {
    var group = el("div", { class: "cw-buttons", role: "group", "aria-label": "Suggested replies" });
    buttons.forEach(function (button) {
      var choice = el("button", { type: "button", class: "cw-choice" }, String(button.title || button.payload));
      choice.addEventListener("click", function () {
        send(String(button.payload || button.title), String(button.title || button.payload));
      });
      group.appendChild(choice);
    });
    return group;
  }

  var renderedCount = 0;

  // Only new messages are added to the live region, so a screen reader reads each one once.
  function renderNew() {
    var oldButtons = log.querySelector(".cw-buttons");
    if (oldButtons) log.removeChild(oldButtons);
    state.messages.slice(renderedCount).forEach(function (message) { log.appendChild(renderMessage(message)); });
    renderedCount = state.messages.length;
    var lastMessage = state.messages[state.messages.length - 1];
    if (lastMessage && lastMessage.from === "bot" && lastMessage.buttons && lastMessage.buttons.length) {
      log.appendChild(renderButtons(lastMessage.buttons));
    }
    updateControls();
    log.scrollTop = log.scrollHeight;
  }

  function renderAll() {
    log.textContent = "";
    renderedCount = 0;
    renderNew();
  }

  // ---- Talking to the Rasa server --------------------------------------------------------

  var busy = false;
  var offline = false;
  var retryDelay = RETRY_FIRST_MS;
  var retryTimer = null;

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    updateControls();
  }

  function updateControls() {
    sendButton.disabled = busy || offline;
    Array.prototype.forEach.call(log.querySelectorAll(".cw-choice"), function (b) { b.disabled = busy || offline; });
  }

  function showNotice(text) {
    notice.textContent = "";
    if (!text) { notice.hidden = true; return; }
    notice.appendChild(document.createTextNode(text));
    if (config.phone) {
      notice.appendChild(document.createTextNode(" Please call the clinic on "));
      notice.appendChild(el("a", { href: telHref(config.phone) }, config.phone));
      notice.appendChild(document.createTextNode("."));
    }
    notice.hidden = false;
  }

  // POST a JSON body (Content-Type exactly application/json, as the server requires).
  function postJson(path, body) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, REPLY_TIMEOUT_MS);
    return fetch(config.server + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: controller.signal,
      credentials: "omit",
    }).then(function (response) {
      if (!response.ok) {
        var error = new Error("HTTP " + response.status);
        error.status = response.status;
        throw error;
      }
      return response.json();
    }).finally(function () { clearTimeout(timer); });
  }

  // A new conversation id from the server, kept for every tab.
  function startConversation() {
    return postJson("/webhooks/rest/conversations", {}).then(function (answer) {
      if (!answer || typeof answer.sender !== "string" || !answer.sender) throw new Error("no conversation id");
      state.sender = answer.sender;
      saveState();
      return answer.sender;
    });
  }

  function postMessage(text) {
    var sender = state.sender ? Promise.resolve(state.sender) : startConversation();
    return sender.then(function (id) {
      return postJson("/webhooks/rest/webhook", { sender: id, message: text }).catch(function (error) {
        // 401: the server does not know this id (made up, or issued under an old secret). That
        // conversation is gone: get a new id and send the message once more.
        if (!error || error.status !== 401) throw error;
        return startConversation().then(function (fresh) {
          return postJson("/webhooks/rest/webhook", { sender: fresh, message: text });
        });
      });
    });
  }

  function send(payload, shownText) {
    if (busy || offline) return;
    if (shownText !== null) {
      state.messages.push({ from: "user", text: shownText });
      saveState();
      renderNew();
    }
    setBusy(true);
    postMessage(payload).then(function (replies) {
      (Array.isArray(replies) ? replies : []).forEach(function (reply) {
        if (!reply || (!reply.text && !reply.image)) return;
        state.messages.push({
          from: "bot",
          text: typeof reply.text === "string" ? reply.text : "",
          image: typeof reply.image === "string" ? reply.image : undefined,
          buttons: Array.isArray(reply.buttons) ? reply.buttons.map(function (b) {
            return { title: String(b.title || ""), payload: String(b.payload || b.title || "") };
          }) : undefined,
        });
      });
      if (shownText === null) state.greeted = true;
      retryDelay = RETRY_FIRST_MS;  // reset only once a message got through, not on a health check
      saveState();
      setBusy(false);
      showNotice("");
      renderNew();
    }).catch(function (error) {
      if (shownText !== null) {
        state.messages.pop();  // not delivered: the text goes back into the box to send again
        saveState();
        renderAll();
        if (!input.value) input.value = shownText;
      }
      setBusy(false);
      if (error && error.status === 429) {  // the server's rate limit: it is up, just wait
        showNotice("You're sending messages faster than I can answer. Please wait a minute, then send again.");
        return;
      }
      goOffline();
    });
  }

  function goOffline() {
    offline = true;
    updateControls();
    showNotice("Sorry, the assistant can't be reached right now. We'll keep trying to reconnect.");
    scheduleHealthCheck();
  }

  function scheduleHealthCheck() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(checkHealth, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  function checkHealth() {
    fetch(config.server + "/", { method: "GET", credentials: "omit", cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      offline = false;
      showNotice("");
      updateControls();
      if (!panel.hidden && !state.greeted) greet();
    }).catch(scheduleHealthCheck);
  }

  function greet() {
    if (!state.greeted) send("/greet", null);
  }

  // ---- Opening, closing, keyboard ----------------------------------------------------------

  function setOpen(open, moveFocus) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", (open ? "Close chat with " : "Open chat with ") + config.clinicName);
    state.open = open;
    saveState();
    if (open) {
      renderNew();
      greet();
      if (moveFocus) input.focus();
    } else if (moveFocus) {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () { setOpen(panel.hidden, true); });
  closeButton.addEventListener("click", function () { setOpen(false, true); });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { event.preventDefault(); setOpen(false, true); }
  });
  clearButton.addEventListener("click", function () {
    if (busy) return;
    state = newState(true);  // the id is forgotten too: the next message gets a new one
    saveState();
    renderAll();
    input.value = "";
    if (!offline) greet();
    input.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy || offline) return;
    input.value = "";
    send(text, text);
  });

  // Another tab wrote the conversation: show it here too.
  window.addEventListener("storage", function (event) {
    if (event.key !== STORAGE_KEY) return;
    var fresh = loadState();
    state.sender = fresh.sender;
    state.messages = fresh.messages;
    state.greeted = fresh.greeted;
    renderAll();
  });

  function mount() {
    document.body.appendChild(host);
    if (state.open) setOpen(true, false);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
