// Package htmlreport renders consolidated reports as self-contained HTML
// pages, and an index of many reports, ready for any static host (GitHub
// Pages).
//
// A page makes no request of its own: its CSS is inline, it has no script,
// images in agent text become plain links, and a Content-Security-Policy
// forbids every fetch in case markup slips through. Agent Markdown is
// rendered by goldmark with raw HTML omitted and links limited to http,
// https and relative addresses, so text from agents (which read untrusted
// code) cannot add markup, scripts or trackers to a page.
package htmlreport
