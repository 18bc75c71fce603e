/**
 * Every command of the lab's shell, one folder each (commands/<name>/: its spec
 * and its implementation). Whether a machine has a command installed is the
 * machines' data (machines/), decided in shell/machine.ts.
 */
import type { CommandModule } from "../spec.ts";
import { BUILTINS } from "./builtins/index.ts";
import { COMMAND as awk } from "./awk/index.ts";
import { PATH_COMMANDS } from "./basename/index.ts";
import { COMMAND as date } from "./date/index.ts";
import { COMMAND as printf } from "./printf/index.ts";
import { COMMAND as read } from "./read/index.ts";
import { COMMAND as sed } from "./sed/index.ts";
import { COMMAND as seq } from "./seq/index.ts";
import { COMMAND as tee } from "./tee/index.ts";
import { TEST_COMMANDS } from "./test/index.ts";
import { COMMAND as touch } from "./touch/index.ts";
import { COMMAND as tr } from "./tr/index.ts";
import { TYPE_COMMANDS } from "./type/index.ts";
import { COMMAND as help } from "./help/index.ts";
import { COMMAND as history } from "./history/index.ts";
import { COMMAND as umask } from "./umask/index.ts";
import { COMMANDS as DIRS_COMMANDS } from "./dirs/index.ts";
import { COMMAND as getopts } from "./getopts/index.ts";
import { COMMAND as ulimit } from "./ulimit/index.ts";
import { COMMAND as shopt } from "./shopt/index.ts";
import { COMMAND as arp } from "./arp/index.ts";
import { COMMAND as bridge } from "./bridge/index.ts";
import { COMMAND as brctl } from "./brctl/index.ts";
import { COMMAND as busybox } from "./busybox/index.ts";
import { COMMAND as cat } from "./cat/index.ts";
import { COMMAND as conntrack } from "./conntrack/index.ts";
import { COMMAND as curl } from "./curl/index.ts";
import { COMMAND as cut } from "./cut/index.ts";
import { COMMAND as docker } from "./docker/index.ts";
import { COMMAND as grep } from "./grep/index.ts";
import { COMMAND as head } from "./head/index.ts";
import { COMMAND as getent } from "./getent/index.ts";
import { COMMAND as hostname } from "./hostname/index.ts";
import { COMMAND as id } from "./id/index.ts";
import { COMMAND as ifconfig } from "./ifconfig/index.ts";
import { COMMAND as ip } from "./ip/index.ts";
import { COMMAND as jq } from "./jq/index.ts";
import { IPTABLES_FAMILY } from "./iptables/index.ts";
import { TRANSLATE_COMMANDS } from "./iptables-translate/index.ts";
import { LEGACY_COMMANDS } from "./iptables-legacy/index.ts";
import { EBTABLES_COMMANDS } from "./ebtables/index.ts";
import { COMMAND as updateAlternatives } from "./update-alternatives/index.ts";
import { JOB_BUILTINS } from "./jobs/index.ts";
import { COMMAND as env, PRINTENV as printenv } from "./env/index.ts";
import { COMMAND as nginx } from "./nginx/index.ts";
import { COMMAND as nft } from "./nft/index.ts";
import { COMMAND as nc } from "./nc/index.ts";
import { COMMAND as httpd } from "./httpd/index.ts";
import { COMMAND as traceroute } from "./traceroute/index.ts";
import { COMMAND as arping } from "./arping/index.ts";
import { COMMAND as telnet } from "./telnet/index.ts";
import { COMMAND as netstat } from "./netstat/index.ts";
import { COMMAND as ls } from "./ls/index.ts";
import { COMMAND as lsof } from "./lsof/index.ts";
import { COMMAND as lsns } from "./lsns/index.ts";
import { COMMAND as top } from "./top/index.ts";
import { COMMAND as nsenter } from "./nsenter/index.ts";
import { COMMAND as nslookup } from "./nslookup/index.ts";
import { COMMAND as ping } from "./ping/index.ts";
import { COMMAND as ping6 } from "./ping6/index.ts";
import { PROCPS } from "./ps/index.ts";
import { COMMAND as readlink } from "./readlink/index.ts";
import { COMMAND as rm } from "./rm/index.ts";
import { COMMAND as route } from "./route/index.ts";
import { SHELLS } from "./sh/index.ts";
import { COMMANDS as DECLARE_COMMANDS } from "./declare/index.ts";
import { COMMANDS as MAPFILE_COMMANDS } from "./mapfile/index.ts";
import { COMMAND as sleep } from "./sleep/index.ts";
import { COMMAND as sort } from "./sort/index.ts";
import { COMMAND as ss } from "./ss/index.ts";
import { COMMAND as sysctl } from "./sysctl/index.ts";
import { COMMAND as dockerd } from "./dockerd/index.ts";
import { SYSTEMD } from "./systemctl/index.ts";
import { COMMAND as tail } from "./tail/index.ts";
import { COMMAND as tcpdump } from "./tcpdump/index.ts";
import { COMMAND as timeout } from "./timeout/index.ts";
import { COMMAND as uname } from "./uname/index.ts";
import { COMMAND as uniq } from "./uniq/index.ts";
import { COMMAND as wc } from "./wc/index.ts";
import { COMMAND as wget } from "./wget/index.ts";
import { COMMAND as whoami } from "./whoami/index.ts";
import { COMMAND as xtablesMonitor } from "./xtables-monitor/index.ts";
import { COMMAND as xargs } from "./xargs/index.ts";
import { COMMAND as find } from "./find/index.ts";
import { COMMAND as base64 } from "./base64/index.ts";
import { SUM_COMMANDS } from "./sums/index.ts";
import { COMMAND as paste } from "./paste/index.ts";
import { COMMAND as rev } from "./rev/index.ts";
import { COMMAND as od } from "./od/index.ts";
import { COMMAND as xxd } from "./xxd/index.ts";
import { COMMAND as hexdump } from "./hexdump/index.ts";
import { COMMAND as column } from "./column/index.ts";
import { COMMAND as diff } from "./diff/index.ts";
import { COMMAND as sdiff } from "./sdiff/index.ts";
import { COMMAND as less } from "./less/index.ts";
import { COMMAND as more } from "./more/index.ts";
import { COMMAND as nohup } from "./nohup/index.ts";
import { COMMAND as time } from "./time/index.ts";
import { COMMAND as setsid } from "./setsid/index.ts";
import { COMMAND as unshare } from "./unshare/index.ts";
import { COMMAND as file } from "./file/index.ts";
import { COMMAND as bc } from "./bc/index.ts";
import { COMMAND as mkdirCmd } from "./mkdir/index.ts";
import { COMMAND as rmdirCmd } from "./rmdir/index.ts";
import { COMMAND as cpCmd } from "./cp/index.ts";
import { COMMAND as mvCmd } from "./mv/index.ts";
import { COMMAND as lnCmd } from "./ln/index.ts";
import { COMMAND as chmodCmd } from "./chmod/index.ts";
import { COMMAND as statCmd } from "./stat/index.ts";
import { COMMAND as realpathCmd } from "./realpath/index.ts";
import { COMMAND as mktempCmd } from "./mktemp/index.ts";
import { COMMAND as duCmd } from "./du/index.ts";
import { COMMAND as dfCmd } from "./df/index.ts";
import { COMMAND as freeCmd } from "./free/index.ts";
import { COMMAND as uptimeCmd } from "./uptime/index.ts";
import { COMMAND as nstatCmd } from "./nstat/index.ts";
import { COMMAND as dmesgCmd } from "./dmesg/index.ts";
import { COMMAND as whoCmd } from "./who/index.ts";
import { COMMAND as yesCmd } from "./yes/index.ts";
import { COMMAND as clearCmd } from "./clear/index.ts";
import { COMMAND as suCmd } from "./su/index.ts";
import { COMMAND as hashCmd } from "./hash/index.ts";
import { ALIAS_COMMANDS } from "./alias/index.ts";

export const COMMAND_MODULES: readonly CommandModule[] = [
  ...BUILTINS,
  ...SHELLS,
  ...DECLARE_COMMANDS,
  ...MAPFILE_COMMANDS,
  awk,
  ...PATH_COMMANDS,
  date,
  printf,
  read,
  sed,
  seq,
  tee,
  ...TEST_COMMANDS,
  touch,
  tr,
  ...TYPE_COMMANDS,
  help,
  history,
  umask,
  ...DIRS_COMMANDS,
  getopts,
  ulimit,
  shopt,
  arp,
  bridge,
  brctl,
  busybox,
  cat,
  arp,
  conntrack,
  curl,
  cut,
  docker,
  dockerd,
  grep,
  head,
  getent,
  hostname,
  id,
  ifconfig,
  ip,
  jq,
  ...IPTABLES_FAMILY,
  ...TRANSLATE_COMMANDS,
  ...LEGACY_COMMANDS,
  ...EBTABLES_COMMANDS,
  updateAlternatives,
  ...JOB_BUILTINS,
  ls,
  lsof,
  lsns,
  top,
  nc,
  httpd,
  traceroute,
  arping,
  telnet,
  nginx,
  nft,
  env,
  printenv,
  netstat,
  nsenter,
  nslookup,
  ping,
  ping6,
  ...PROCPS,
  readlink,
  rm,
  route,
  sleep,
  sort,
  ss,
  sysctl,
  ...SYSTEMD,
  tail,
  tcpdump,
  timeout,
  uname,
  uniq,
  wc,
  wget,
  whoami,
  xtablesMonitor,
  xargs,
  find,
  base64,
  ...SUM_COMMANDS,
  paste,
  rev,
  od,
  xxd,
  hexdump,
  column,
  diff,
  sdiff,
  less,
  more,
  nohup,
  time,
  setsid,
  unshare,
  file,
  bc,
  mkdirCmd,
  rmdirCmd,
  cpCmd,
  mvCmd,
  lnCmd,
  chmodCmd,
  statCmd,
  realpathCmd,
  mktempCmd,
  duCmd,
  dfCmd,
  freeCmd,
  uptimeCmd,
  nstatCmd,
  dmesgCmd,
  whoCmd,
  yesCmd,
  clearCmd,
  suCmd,
  hashCmd,
  ...ALIAS_COMMANDS,
];
