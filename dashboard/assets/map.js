// Draws a MapSpec (dashboard/maps.py) as SVG. Every text from the data goes in through textContent or
// setAttribute, never innerHTML, so a name can not inject markup. A click (or Enter / Space) on a clickable
// country sends its ISO3 code to Python as the trigger value "clicked".
//
// Accessibility (WCAG 2 A/AA, checked by tests/browser/test_accessibility_browser.py with axe-core): a map
// without clickable countries is one image named by the spec's label. A map with clickable countries is a
// named group of buttons, one per clickable country, each named by its hover lines and reachable with Tab:
// an image's children are presentational, so buttons inside role="img" would be hidden from assistive
// technology, and an aria-label on a path without a role is not announced at all. Everything else inside
// the drawing is aria-hidden: the legend beside it names the colours and the circles in words.
const SVG_NS = "http://www.w3.org/2000/svg";

function svgNode(tag, attributes, parent) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  if (parent) parent.appendChild(node);
  return node;
}

function htmlNode(tag, className, parent, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function drawLegend(legend, parent) {
  if (!legend || (!legend.bar && !(legend.items || []).length)) return;
  const box = htmlNode("div", "wca-map-legend", parent);
  if (legend.title) htmlNode("div", "wca-map-legend-title", box, legend.title);
  if (legend.bar) {
    const bar = htmlNode("div", "wca-map-bar", box);
    bar.style.background = `linear-gradient(to right, ${legend.bar.map(([p, c]) => `${c} ${p * 100}%`).join(", ")})`;
    const ticks = htmlNode("div", "wca-map-ticks", box);
    for (const [position, text] of legend.ticks || []) {
      const tick = htmlNode("span", "wca-map-tick", ticks, text);
      tick.style.left = `${position * 100}%`;
    }
  }
  for (const item of legend.items || []) {
    if (item.heading !== undefined) {
      htmlNode("div", "wca-map-legend-heading", box, item.heading);
      continue;
    }
    const row = htmlNode("div", "wca-map-legend-item", box);
    const swatch = htmlNode("span", `wca-map-swatch ${item.shape === "circle" ? "circle" : ""}`, row);
    swatch.style.background = item.fill === "none" ? "transparent" : item.fill;
    if (item.stroke) swatch.style.borderColor = item.stroke;
    htmlNode("span", "", row, item.label);
  }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data || !data.shapes) return;
  // Only our own node is replaced: the parent also holds the component's style element.
  parentElement.querySelectorAll(":scope > .wca-map").forEach((old) => old.remove());
  const root = htmlNode("div", "wca-map", parentElement);

  const canClick = data.interactive && data.clickable !== false;
  const hasButtons = canClick && data.shapes.some((shape) => shape.click);
  const svg = svgNode("svg", {
    viewBox: `0 0 ${data.width} ${data.height}`,
    role: hasButtons ? "group" : "img",
    "aria-label": data.label || null,
    class: "wca-map-svg",
    preserveAspectRatio: "xMidYMid meet",
  }, root);
  const tip = htmlNode("div", "wca-map-tip", root);
  tip.hidden = true;

  const showTip = (event, lines) => {
    tip.replaceChildren();
    lines.forEach((line, k) => htmlNode(k === 0 ? "b" : "div", "", tip, line));
    tip.hidden = false;
    const box = root.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    const left = x + 14 + tip.offsetWidth > box.width ? x - 14 - tip.offsetWidth : x + 14;
    tip.style.left = `${Math.max(left, 0)}px`;
    tip.style.top = `${Math.max(y - tip.offsetHeight - 8, 0)}px`;
  };
  const hideTip = () => { tip.hidden = true; };

  const withTip = (node, lines) => {
    if (!data.interactive || !lines || !lines.length) return;
    node.addEventListener("pointermove", (event) => showTip(event, lines));
    node.addEventListener("pointerleave", hideTip);
    node.addEventListener("focus", () => {
      const box = node.getBoundingClientRect();
      showTip({ clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 }, lines);
    });
    node.addEventListener("blur", hideTip);
  };

  for (const shape of data.shapes) {
    const path = svgNode("path", {
      d: shape.d,
      fill: shape.fill,
      stroke: shape.stroke,
      "stroke-width": shape.width,
      "data-iso3": shape.id,
      "data-layer": shape.layer,
      "data-value": shape.value,
      class: shape.click && canClick ? "clickable" : null,
    }, svg);
    if (shape.layer === "highlight" || shape.layer === "outline") path.setAttribute("pointer-events", "none");
    withTip(path, shape.tip);
    if (shape.click && canClick) {
      path.setAttribute("role", "button");
      path.setAttribute("tabindex", "0");
      path.setAttribute("aria-label", (shape.tip || [shape.id]).join(", "));
      const pick = () => setTriggerValue("clicked", shape.id);
      path.addEventListener("click", pick);
      path.addEventListener("keydown", (event) => {
        // A button answers Enter and Space; Space would otherwise scroll the page.
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          pick();
        }
      });
    } else if (hasButtons) {
      path.setAttribute("aria-hidden", "true");
    }
  }
  for (const circle of data.circles || []) {
    const node = svgNode("circle", {
      cx: circle.cx, cy: circle.cy, r: circle.r, fill: circle.fill,
      "fill-opacity": circle.opacity, stroke: "#ffffff", "stroke-width": 0.8,
      "data-value": circle.value,
      "aria-hidden": hasButtons ? "true" : null,
    }, svg);
    withTip(node, circle.tip);
  }
  drawLegend(data.legend, root);
  root.dataset.drawn = String(data.shapes.length + (data.circles || []).length);
  return () => root.remove();
}
