import { readFileSync } from 'fs';

/** /proc/<pid>/stat counts in USER_HZ, which Linux fixes at 100 for user space. */
const USER_HZ = 100;

/**
 * CPU seconds used so far by this process and by its children that have
 * ended (user + system): what a piece of work costs whatever else the machine
 * is running, where wall time also counts the waiting. The children's share
 * comes from /proc (Linux); elsewhere it is undefined.
 */
export function cpuSecondsSoFar(): { readonly self: number; readonly children: number | undefined } {
  const usage = process.cpuUsage();
  return { self: (usage.user + usage.system) / 1e6, children: endedChildrenSeconds() };
}

function endedChildrenSeconds(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces, hence the last ')'): cutime and cstime are the 16th and 17th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / USER_HZ;
}
