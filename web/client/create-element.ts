import { visibleText } from '../../reports/visible-text.js';

/** Children of an element: nodes, or text (always set as text, never parsed as HTML). */
export type Child = Node | string | number | null | undefined | false;

/** Attributes of an element; `class` and `data-*` included. `undefined` leaves one out. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/**
 * Creates an element. Names from images (symbols, packages, paths) can hold any characters,
 * `<script>` included, so every string goes in as a text node: this client never writes HTML
 * from data. Text and attribute values also show control, bidi-override and invisible characters
 * as visible escapes (`\u202e`), so that a name cannot disguise itself on the page.
 */
export function h(tag: string, attributes: Attributes = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : visibleText(String(value)));
  }
  append(element, children);
  return element;
}

/** Appends children to a node, strings as text. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(visibleText(String(child)))
        : child,
    );
  }
}

/** A link the client follows without reloading the page. */
export function link(href: string, ...children: Child[]): HTMLElement {
  return h('a', { href, 'data-nav': true }, ...children);
}
