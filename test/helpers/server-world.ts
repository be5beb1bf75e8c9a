import type { Role } from "../../server/auth/tokens";
import { accreditUniversity, startTestChain } from "./chain";
import type { TestChain, TestUniversity } from "./chain";
import { startTestServer } from "./server";
import type { Api, TestServer, TestServerOptions } from "./server";

/** A staff member of the world's university number `university` (0 for the first). */
export interface WorldStaff {
  university: number;
  email: string;
  role: Role;
}

export interface ServerWorldOptions extends Omit<TestServerOptions, "staff"> {
  /** How many universities the Jordanian ministry accredits: the first run by development account 2, the next by 3, … */
  universities?: number;
  staff?: WorldStaff[];
}

/** A Hardhat node with both registries, accredited universities, and one issuance server hosting them all. */
export interface ServerWorld {
  chain: TestChain;
  universities: TestUniversity[];
  server: TestServer;
  /** The staff of `options.staff`, signed in, in that order. */
  staff: Api[];
  stop(): Promise<void>;
}

/** Starts a {@link ServerWorld}; what it started is stopped again if a later step fails. */
export async function startServerWorld(options: ServerWorldOptions = {}): Promise<ServerWorld> {
  const { universities: count = 1, staff = [], ...serverOptions } = options;
  const chain = await startTestChain();
  let server: TestServer | undefined;
  try {
    const universities: TestUniversity[] = [];
    for (let i = 0; i < count; i++) universities.push(await accreditUniversity(chain, { operatorIndex: 2 + i }));
    const members = staff.map(({ university, email, role }) => {
      const { id } = universities[university] ?? {};
      if (id === undefined) throw new Error(`${email} works at university ${university}, which the world lacks`);
      return { universityId: id, email, role };
    });
    server = await startTestServer(chain, universities, { ...serverOptions, staff: members });
    const started = server;
    const apis = await Promise.all(staff.map(({ email }) => started.login(email)));
    return {
      chain,
      universities,
      server,
      staff: apis,
      async stop() {
        await started.stop();
        await chain.stop();
      },
    };
  } catch (error) {
    await server?.stop();
    await chain.stop();
    throw error;
  }
}
