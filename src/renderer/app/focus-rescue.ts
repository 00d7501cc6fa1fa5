import { useEffect, type RefObject } from 'react';

/**
 * When the element that has the focus leaves the page (a decided approval's card, a panel replaced by its next step,
 * the options of a conflict once it is settled), the browser drops the focus to <body>, and the next Tab starts
 * again at the top of the page. This puts it back on the nearest part of the screen that is still there and can take
 * it, or else on the screen itself, so a keyboard user goes on from where they were (issue 12).
 */
export function useFocusRescue(screen: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = screen.current;
    if (!root) return;
    // The focused element and its ancestors up to the screen, as they were when it got the focus.
    let path: Element[] = [];
    const remember = (event: FocusEvent) => {
      path = [];
      for (let node = event.target as Element | null; node && node !== root; node = node.parentElement) path.push(node);
    };
    const rescue = () => {
      const [lost] = path;
      if (!lost || lost.isConnected || document.activeElement !== document.body) return;
      const kept = path.find((node): node is HTMLElement => node.isConnected && node.matches('[tabindex]'));
      (kept ?? root).focus();
    };
    const observer = new MutationObserver(rescue);
    observer.observe(root, { childList: true, subtree: true });
    root.addEventListener('focusin', remember);
    return () => {
      observer.disconnect();
      root.removeEventListener('focusin', remember);
    };
  }, [screen]);
}
