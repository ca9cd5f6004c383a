import type { AddressLiteral, Scenario, ScenarioEvent } from '../../reference/scenario/types';

const PAGE_MASK = ~0xfffn;

function withWord(va: AddressLiteral, words: number): string {
  const address = BigInt(va);
  const word = (address & 0xfffn) / 4n;
  return '0x' + ((address & PAGE_MASK) | ((word % BigInt(words)) * 4n)).toString(16);
}

/**
 * The same scenario with every access and inspection moved to one of the
 * first `words` words of its page (same page, so validity and page-level
 * behaviour are unchanged). Spread over 1024 words, a random read almost
 * never meets a word written before, and "a read returns the last value
 * written" would go untested; folded onto a few words, it is tested all the
 * time, including across fork, munmap/mmap and frame reuse.
 */
export function concentrateWords(document: Scenario, words: number): Scenario {
  const events = document.events.map((event): ScenarioEvent => {
    switch (event.op) {
      case 'read':
      case 'write':
      case 'exec':
      case 'inspect':
      case 'clear-ad':
      case 'invlpg':
        return { ...event, va: withWord(event.va, words) };
      default:
        return event;
    }
  });
  return { ...document, events };
}
