/** Kaiku's mark: a K with an echo. The same drawing as public/favicon.svg. */
export function LogoMark({ className = "h-7 w-7 flex-none" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#1d4ed8" />
      <path d="M9 8v16M9 16l9-8M12 14l7 10" stroke="#fff" strokeWidth="3.2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M22 11a7 7 0 0 1 0 10" stroke="#93c5fd" strokeWidth="2" fill="none" strokeLinecap="round" />
    </svg>
  );
}
