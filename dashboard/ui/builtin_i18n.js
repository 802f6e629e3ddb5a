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
  const compile = () => window.__builtinI18n.map(([from, to]) => {
    const names = [...from.matchAll(/\{(\w)\}/g)].map((m) => m[1]);
    if (!names.length) return [from, to, names];
    const pattern = escape(from).replace(/\\\{\w\\\}/g, "(.+?)");
    return [new RegExp("^" + pattern + "$"), to, names];
  });
  // Compiled once per set of pairs (a language switch sets new ones and calls rerun).
  let compiled = null;
  const rules = () => compiled || (compiled = compile());
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
  // A first render makes thousands of mutations, many inside one another: each subtree is
  // walked once per batch, not once per mutation.
  const observer = new MutationObserver((mutations) => {
    const roots = new Set();
    for (const m of mutations) {
      const el = m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target.parentElement;
      if (el && el.isConnected) roots.add(el);
    }
    for (const root of roots) {
      let up = root.parentElement;
      while (up && !roots.has(up)) up = up.parentElement;
      if (!up) fix(root);  // an ancestor in the batch covers it otherwise
    }
  });
  observer.observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS,
  });
  observer.rerun = () => {
    compiled = null;
    fix(document.body);
  };
  window.__builtinI18nObserver = observer;
  fix(document.body);
})();
