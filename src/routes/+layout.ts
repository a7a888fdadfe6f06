// The app is a single-page app: every route renders in the browser (adapter-static fallback).
export const ssr = false;
export const prerender = false;
