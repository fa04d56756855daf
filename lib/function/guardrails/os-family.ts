/**
 * The password rules an OS follows. DescribeInstances reports `linux` / `windows`, but
 * DescribeImage's `OsType` is a distribution name (`CentOS`, `Windows Server 2019 数据中心版`…,
 * the CLI's ECM DescribeImage example): anything naming Windows follows Windows' rules, the rest
 * Linux's (ECM checks the password against the OS being installed).
 */
export type OsFamily = 'linux' | 'windows';

export const osFamily = (osType: string | null | undefined): OsFamily =>
  osType !== null && osType !== undefined && /windows/i.test(osType) ? 'windows' : 'linux';
