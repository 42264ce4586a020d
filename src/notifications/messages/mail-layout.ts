import type { DoorCodeView } from './confirmation-qr.js';
import { escapeHtml } from './user-text.js';

/** One line of the event block: "When", "Where", …; with href the value is a link. */
export interface DetailLine {
  label: string;
  value: string;
  href?: string;
}

export interface LinkLine {
  label: string;
  url: string;
  /** A sentence after the link, e.g. what the manage page lets you do. */
  note?: string;
}

/**
 * Everything one e-mail says, already in the reader's language and as plain text (user text made
 * single-line where it must be). Both renderers escape for their medium; nothing here is HTML.
 */
export interface MailView {
  /** BCP 47, for <html lang>. */
  lang: string;
  subject: string;
  preheader: string;
  clinicName: string;
  heading: string;
  greeting: string;
  paragraphs: string[];
  title: string;
  description: string;
  details: DetailLine[];
  /** Under the event block, e.g. when to open the join link. */
  detailsNote?: string;
  /** The confirmation code as a QR image (inline, by Content-ID) with its caption. */
  doorCode?: DoorCodeView;
  /** Other sessions to book instead (a cancelled event), each a link to its page. */
  offers?: { heading: string; links: LinkLine[] };
  /**
   * A question the mail asks ("Still coming?"): its answers as large buttons, the first filled, the others
   * outlined. In such a mail the manage link is a plain link under them, so the answer is the one action.
   */
  answers?: { heading: string; links: LinkLine[] };
  /** The one large button (a plain link when the mail asks a question). */
  manage?: LinkLine;
  calendar?: LinkLine;
  signOff: string[];
  contact: string;
  address: string;
  footer: string;
}

/** The plain-text part: the same words as the HTML, in the same order. */
export function renderText(view: MailView): string {
  const block = [
    view.title,
    ...(view.description ? [view.description] : []),
    ...view.details.map((d) => `${d.label}: ${d.value}`),
  ];
  const links = [view.manage, view.calendar].filter((l): l is LinkLine => l !== undefined);
  return `${[
    view.clinicName,
    view.heading,
    view.greeting,
    ...view.paragraphs,
    block.join('\n'),
    ...(view.detailsNote ? [view.detailsNote] : []),
    ...[view.offers, view.answers]
      .filter((list) => list !== undefined)
      .map((list) => [list.heading, ...list.links.map((l) => `- ${l.label}: ${l.url}`)].join('\n')),
    ...(view.doorCode ? [view.doorCode.caption] : []),
    ...links.map((l) => [`${l.label}: ${l.url}`, ...(l.note ? [l.note] : [])].join('\n')),
    [...view.signOff, view.contact, view.address].join('\n'),
    view.footer,
  ].join('\n\n')}\n`;
}

const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
/** Light colours; every text colour passes WCAG AA on its background (dark mode has its own in HEAD_STYLE). */
const C = {
  page: '#eef2f5',
  card: '#ffffff',
  text: '#1f2933',
  muted: '#52606d',
  brand: '#1d4f73',
  box: '#f4f7fa',
  line: '#d5dee7',
  button: '#1d5f8a',
  buttonOutline: '#ffffff',
  link: '#1a5c8a',
};

// Only what inline styles cannot do: dark mode and small screens. Clients that drop <head> styles still get the light, fluid layout.
const HEAD_STYLE = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media screen and (max-width: 620px) {
  .card { padding: 24px 18px !important; }
  .outer { padding: 12px 6px !important; }
  .button-table { width: 100% !important; }
  .button-link, .button-link-outline { display: block !important; }
}
@media (prefers-color-scheme: dark) {
  .page, .outer { background-color: #111417 !important; }
  .card { background-color: #1c2126 !important; }
  .text, .heading { color: #e7eaee !important; }
  .muted { color: #b3bcc6 !important; }
  .brand { color: #9fd0f5 !important; }
  .box { background-color: #262c33 !important; border-color: #3d4650 !important; }
  .link { color: #9fd0f5 !important; }
  .button-cell, .button-link { background-color: #9fd0f5 !important; color: #0c1a24 !important; }
  .button-cell-outline, .button-link-outline { background-color: #1c2126 !important; color: #9fd0f5 !important; }
}`;

const p = (html: string, { size = 17, margin = '0 0 16px' } = {}) =>
  `<p class="text" style="margin:${margin}; font-family:${FONT}; font-size:${size}px; line-height:1.6; color:${C.text};">${html}</p>`;
const link = (href: string, text: string, style = '') =>
  `<a class="link" href="${escapeHtml(href)}" style="color:${C.link}; text-decoration:underline; word-break:break-word;${style}">${text}</a>`;
const multiLineHtml = (text: string) => escapeHtml(text).replace(/\n/g, '<br>');

function detailsBlock(view: MailView): string {
  const rows = view.details
    .map(
      (d) => `<tr><td style="padding:6px 0; font-family:${FONT};">
<div class="muted" style="font-size:14px; line-height:1.4; font-weight:bold; color:${C.muted};">${escapeHtml(d.label)}</div>
<div class="text" style="font-size:17px; line-height:1.5; color:${C.text}; word-break:break-word;">${d.href ? link(d.href, escapeHtml(d.value)) : escapeHtml(d.value)}</div>
</td></tr>`,
    )
    .join('\n');
  return `<table role="presentation" class="box" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 20px; background-color:${C.box}; border:1px solid ${C.line}; border-radius:8px;">
<tr><td style="padding:18px 20px;">
<h2 class="heading" style="margin:0 0 6px; font-family:${FONT}; font-size:20px; line-height:1.35; color:${C.text};">${escapeHtml(view.title)}</h2>
${view.description ? `<p class="muted" style="margin:0 0 10px; font-family:${FONT}; font-size:16px; line-height:1.5; color:${C.muted};">${multiLineHtml(view.description)}</p>` : ''}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
${rows}
</table>
</td></tr>
</table>`;
}

/** The QR image on white (scanners want dark on light, also in dark mode) with its caption under it. */
function doorCodeBlock(code: DoorCodeView): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;">
<tr><td style="padding:8px; background-color:#ffffff; border:1px solid ${C.line}; border-radius:8px;">
<img src="${escapeHtml(code.src)}" width="${code.size}" height="${code.size}" alt="${escapeHtml(code.alt)}" style="display:block; width:${code.size}px; height:${code.size}px; border:0;">
</td></tr>
</table>
${p(escapeHtml(code.caption), { size: 15 })}`;
}

/** Other sessions as a plain list of links under a short heading. */
function offersBlock(offers: NonNullable<MailView['offers']>): string {
  const items = offers.links
    .map(
      (l) =>
        `<li style="margin:0 0 8px; font-family:${FONT}; font-size:17px; line-height:1.5; color:${C.text};">${link(l.url, escapeHtml(l.label))}</li>`,
    )
    .join('\n');
  return `${p(`<strong>${escapeHtml(offers.heading)}</strong>`, { margin: '0 0 8px' })}
<ul class="text" style="margin:0 0 16px; padding:0 0 0 22px; color:${C.text};">
${items}
</ul>`;
}

/** A "bulletproof" button: the link fills a coloured table cell, so it shows even where CSS padding on links does not. */
function button(line: LinkLine, { outlined = false } = {}): string {
  const href = escapeHtml(line.url);
  const [cell, link] = outlined ? ['button-cell-outline', 'button-link-outline'] : ['button-cell', 'button-link'];
  const background = outlined ? C.buttonOutline : C.button;
  const colour = outlined ? C.button : '#ffffff';
  return `<table role="presentation" class="button-table" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 12px;">
<tr><td class="${cell}" align="center" bgcolor="${background}" style="border-radius:8px; background-color:${background}; border:2px solid ${C.button};">
<a class="${link}" href="${href}" target="_blank" style="display:inline-block; padding:14px 30px; font-family:${FONT}; font-size:19px; line-height:1.2; font-weight:bold; color:${colour}; text-decoration:none; border-radius:8px; background-color:${background};">${escapeHtml(line.label)}</a>
</td></tr>
</table>
${line.note ? p(escapeHtml(line.note), { size: 15 }) : ''}`;
}

/** The question's answers: a heading, then one button per answer, the first one filled. */
function answersBlock(answers: NonNullable<MailView['answers']>): string {
  return `${p(`<strong>${escapeHtml(answers.heading)}</strong>`, { margin: '0 0 4px' })}
${answers.links.map((answer, index) => button(answer, { outlined: index > 0 })).join('\n')}`;
}

/** The manage page as a plain link with its note, for the mails whose one action is something else. */
function manageLink(manage: LinkLine): string {
  return p(
    `${link(manage.url, escapeHtml(manage.label), ' font-weight:bold;')}${manage.note ? `<br><span class="muted" style="font-size:15px; color:${C.muted};">${escapeHtml(manage.note)}</span>` : ''}`,
  );
}

function calendarLinks(calendar: LinkLine): string {
  return p(
    `${link(calendar.url, escapeHtml(calendar.label), ' font-weight:bold;')}${calendar.note ? `<br><span class="muted" style="font-size:15px; color:${C.muted};">${escapeHtml(calendar.note)}</span>` : ''}`,
  );
}

/** Mail-safe HTML: tables, inline styles, 600px wide at most and fluid below, readable in dark mode. */
export function renderHtml(view: MailView): string {
  // Filler after the preheader keeps clients from running the body's first words into the inbox preview.
  const filler = '&#8199;&#847; '.repeat(40);
  return `<!doctype html>
<html lang="${escapeHtml(view.lang)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(view.subject)}</title>
<style>${HEAD_STYLE}
</style>
</head>
<body class="page" style="margin:0; padding:0; width:100%; background-color:${C.page}; -webkit-text-size-adjust:100%;">
<div class="preheader" style="display:none; max-height:0; max-width:0; overflow:hidden; opacity:0; mso-hide:all; font-size:1px; line-height:1px; color:${C.page};">${escapeHtml(view.preheader)}${filler}</div>
<table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${C.page};">
<tr><td class="outer" align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%; max-width:600px;">
<tr><td class="brand" style="padding:4px 8px 16px; font-family:${FONT}; font-size:20px; line-height:1.3; font-weight:bold; color:${C.brand};">${escapeHtml(view.clinicName)}</td></tr>
<tr><td class="card" style="padding:32px; background-color:${C.card}; border-radius:10px; text-align:left;">
<h1 class="heading" style="margin:0 0 20px; font-family:${FONT}; font-size:26px; line-height:1.3; color:${C.text};">${escapeHtml(view.heading)}</h1>
${p(escapeHtml(view.greeting))}
${view.paragraphs.map((text) => p(escapeHtml(text))).join('\n')}
${detailsBlock(view)}
${view.detailsNote ? p(escapeHtml(view.detailsNote), { size: 15 }) : ''}
${view.offers ? offersBlock(view.offers) : ''}
${view.doorCode ? doorCodeBlock(view.doorCode) : ''}
${view.answers ? answersBlock(view.answers) : ''}
${view.manage ? (view.answers ? manageLink(view.manage) : button(view.manage)) : ''}
${view.calendar ? calendarLinks(view.calendar) : ''}
${p(view.signOff.map(escapeHtml).join('<br>'), { margin: '24px 0 0' })}
</td></tr>
<tr><td style="padding:20px 8px 8px; font-family:${FONT}; font-size:15px; line-height:1.5; text-align:left;">
<p class="muted" style="margin:0 0 8px; color:${C.muted};">${escapeHtml(view.contact)}<br>${escapeHtml(view.address)}</p>
<p class="muted" style="margin:0; font-size:13px; color:${C.muted};">${escapeHtml(view.footer)}</p>
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}
