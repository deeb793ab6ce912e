/**
 * Just enough XML for Route 53's REST-XML protocol: a parser for the request bodies the AWS SDK sends
 * (elements and text; attributes such as `xmlns` are read past, no DTDs) and an escaping builder for
 * the answers.
 */

/** A parsed element. */
export interface XmlElement {
  /** The tag name, without prefix handling (the SDK sends none). */
  readonly name: string;
  /** Child elements, in order. */
  readonly children: XmlElement[];
  /** The element's own text (entities decoded, not trimmed); empty when it has only children. */
  text: string;
}

/** An XML document that cannot be read. */
export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const TOKEN = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;

/**
 * Parses a document into its root element.
 *
 * @param text the document.
 * @throws XmlSyntaxError when it is not well formed (as far as this reader checks).
 */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (const m of text.matchAll(TOKEN)) {
    const [, cdata, closing, name, , selfClosing, chars, stray] = m;
    if (stray !== undefined) {
      throw new XmlSyntaxError(`Unreadable markup at offset ${m.index}.`);
    }
    const top = stack[stack.length - 1];
    if (chars !== undefined || cdata !== undefined) {
      const value = cdata ?? decodeEntities(chars!);
      if (top) {
        top.text += value;
      } else if (value.trim() !== '') {
        throw new XmlSyntaxError('Text outside the root element.');
      }
      continue;
    }
    if (name === undefined) {
      continue; // declaration, processing instruction or comment
    }
    if (closing) {
      if (!top || top.name !== name) {
        throw new XmlSyntaxError(`Unexpected closing tag </${name}>.`);
      }
      stack.pop();
      continue;
    }
    const element: XmlElement = { name, children: [], text: '' };
    if (top) {
      top.children.push(element);
    } else if (root) {
      throw new XmlSyntaxError('More than one root element.');
    } else {
      root = element;
    }
    if (!selfClosing) {
      stack.push(element);
    }
  }
  if (!root || stack.length > 0) {
    throw new XmlSyntaxError(root ? `Unclosed element <${stack[stack.length - 1].name}>.` : 'No root element.');
  }
  return root;
}

/**
 * The first child with this name, if any.
 *
 * @param element the parent.
 * @param name the child's tag name.
 */
export function childOf(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/**
 * Every child with this name.
 *
 * @param element the parent.
 * @param name the children's tag name.
 */
export function childrenOf(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/**
 * The text of the first child with this name, if there is such a child.
 *
 * @param element the parent.
 * @param name the child's tag name.
 */
export function textOf(element: XmlElement | undefined, name: string): string | undefined {
  return childOf(element, name)?.text;
}

/**
 * An element as text. Children given as strings are inserted as they are (use {@link xmlText} for
 * values); `undefined` children are left out, so optional members can be passed inline.
 *
 * @param name the tag name.
 * @param children markup of the children.
 */
export function xmlElement(name: string, ...children: Array<string | undefined>): string {
  return `<${name}>${children.filter((c) => c !== undefined).join('')}</${name}>`;
}

/**
 * An element holding a text value, escaped; nothing when the value is undefined.
 *
 * @param name the tag name.
 * @param value the value.
 */
export function xmlText(name: string, value: string | number | boolean | undefined): string | undefined {
  return value === undefined ? undefined : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * Escapes text for element content.
 *
 * @param value the text.
 */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) {
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    }
    if (entity.startsWith('#')) {
      return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    }
    const named = NAMED_ENTITIES[entity];
    if (named === undefined) {
      throw new XmlSyntaxError(`Unknown entity ${whole}.`);
    }
    return named;
  });
}
