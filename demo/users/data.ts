export interface User {
  id: string;
  name: string;
  email: string;
  companyId: string;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Linus'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov'];

/** 50 deterministic users with ids "1".."50", spread over companies "1".."5". */
export const users: User[] = Array.from({ length: 50 }, (_, index) => {
  const n = index + 1;
  const first = FIRST[index % FIRST.length]!;
  const last = LAST[Math.floor(index / FIRST.length) % LAST.length]!;
  return {
    id: String(n),
    name: `${first} ${last}`,
    email: `${first}.${last}.${n}@example.com`.toLowerCase(),
    companyId: String((index % 5) + 1),
  };
});

export const usersById = new Map(users.map((user) => [user.id, user]));
