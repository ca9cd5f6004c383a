import { CapturedConsole, MAX_PRINTED_CHARACTERS } from './captured-console';

test('keeps what is printed through its console until taken, then starts afresh', () => {
  const captured = new CapturedConsole();
  captured.console.log('level', 4);
  captured.console.error('oops');
  expect(captured.take()).toBe('level 4\noops\n');
  expect(captured.take()).toBe('');
});

test('a flood is cut at the cap, saying how much more there was', () => {
  const captured = new CapturedConsole();
  const line = 'x'.repeat(99);
  for (let i = 0; i < 1000; i++) captured.console.log(line);
  const text = captured.take();
  expect(text.startsWith(line)).toBe(true);
  expect(text).toContain(`[… ${100 * 1000 - MAX_PRINTED_CHARACTERS} more characters not shown]`);
  expect(text.length).toBeLessThan(MAX_PRINTED_CHARACTERS + 100);
});
