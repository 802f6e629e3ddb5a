// Rewrites Streamlit's (and plotly's toolbar) built-in English strings in the page into the
// interface language. Injected by dashboard/ui/builtin_i18n.py, which fills in PAIRS and ATTRS.
(() => {
  window.__builtinI18n = __PAIRS__;
  const ATTRS = __ATTRS__;
  if (window.__builtinI18nObserver) {
    window.__builtinI18nObserver.rerun();
    return;
  }
  // Our own text (markdown, labels, charts, tables, metrics) is never rewritten.
  const OURS = [
    '[data-testid="stMarkdownContainer"]', '[data-testid="stWidgetLabel"]', ".js-plotly-plot",
    '[data-testid="stDataFrame"]', '[data-testid="stTable"]', '[data-testid="stMetric"]',
    '[data-testid="stSidebarNav"]',
  ].join(", ");
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const rules = () => window.__builtinI18n.map(([from, to]) => {
    const names = [...from.matchAll(/\{(\w)\}/g)].map((m) => m[1]);
    if (!names.length) return [from, to, names];
    const pattern = escape(from).replace(/\\\{\w\\\}/g, "(.+?)");
    return [new RegExp("^" + pattern + "$"), to, names];
  });
  const swap = (text, list) => {
    for (const [from, to, names] of list) {
      if (typeof from === "string") {
        if (text === from) return to;
        continue;
      }
      const m = text.match(from);
      if (m) return names.reduce((out, name, i) => out.replace("{" + name + "}", m[i + 1]), to);
    }
    return null;
  };
  const fix = (root) => {
    const list = rules();
    if (!root.querySelectorAll) root = root.parentElement || document.body;
    const selector = ATTRS.map((a) => "[" + a + "]").join(", ");
    for (const el of [root, ...root.querySelectorAll(selector)]) {
      for (const attr of ATTRS) {
        const value = el.getAttribute(attr);
        const shown = value && swap(value, list);
        if (shown && shown !== value) el.setAttribute(attr, shown);
      }
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement || n.parentElement.closest(OURS)) continue;
      const text = n.nodeValue.trim();
      const shown = text && swap(text, list);
      if (shown && shown !== text) n.nodeValue = shown;
    }
  };
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) fix(m.target);
  });
  observer.observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS,
  });
  observer.rerun = () => fix(document.body);
  window.__builtinI18nObserver = observer;
  fix(document.body);
})();
