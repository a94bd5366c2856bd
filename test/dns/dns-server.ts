import dns2 from "dns2";

// A local DNS server for domain verification in tests (integration and e2e): TXT records set
// by the test, NXDOMAIN for anything else, SERVFAIL for names marked broken. The console is
// pointed at it with DNS_SERVERS=127.0.0.1:<port>.

const { Packet } = dns2;

export type LocalDns = {
  port: number;
  /** `DNS_SERVERS` value for this server */
  servers: string;
  setTxt: (name: string, values: string[]) => void;
  remove: (name: string) => void;
  /** answer SERVFAIL for this name */
  breakName: (name: string) => void;
  close: () => Promise<void>;
};

export async function startLocalDns(port = 0): Promise<LocalDns> {
  const txt = new Map<string, string[]>();
  const broken = new Set<string>();
  const key = (name: string) => name.toLowerCase().replace(/\.$/, "");
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = key(question?.name ?? "");
      if (broken.has(name)) response.header.rcode = Packet.RCODE.SERVFAIL;
      else if (!txt.has(name)) response.header.rcode = Packet.RCODE.NXDOMAIN;
      else if (question!.type === Packet.TYPE.TXT) {
        for (const data of txt.get(name)!) response.answers.push({ name: question!.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data } as (typeof response.answers)[number]);
      }
      send(response);
    },
  });
  await server.listen({ udp: { port, address: "127.0.0.1" } });
  const actual = (server.addresses() as { udp?: { port: number } }).udp!.port;
  return {
    port: actual,
    servers: `127.0.0.1:${actual}`,
    setTxt: (name, values) => txt.set(key(name), values),
    remove: (name) => {
      txt.delete(key(name));
      broken.delete(key(name));
    },
    breakName: (name) => broken.add(key(name)),
    close: () => server.close(),
  };
}
