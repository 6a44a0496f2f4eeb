// The connections of a TlsAuroraCluster: ec2.Connections on the cluster's security groups, except that a rule allowing
// a peer of ANOTHER stack in is made from the peer's side.
//
// `database.connections.allowDefaultPortFrom(fn)` with `fn` in an application stack would otherwise put the ingress
// rule in the database stack, referencing the application's security group, while the application stack already
// references the database (endpoint, trust bundle): a dependency cycle that fails synthesis. The same rule made as
// `fn.connections.allowToDefaultPort(database)` goes in the application stack, which then depends on the database
// stack alone. So `allowFrom` a peer of another stack is `peer.connections.allowTo(database)`: the same two rules
// (the peer's egress and the cluster's ingress), both in the peer's stack.
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

export class CrossStackConnections extends ec2.Connections {
  /** Set while the peer's `allowTo` calls back into `allowFrom` for the ingress half. */
  private delegating = false;

  constructor(private readonly owner: IConstruct, props: ec2.ConnectionsProps) {
    super(props);
  }

  public allowFrom(other: ec2.IConnectable, portRange: ec2.Port, description?: string): void {
    const home = Stack.of(this.owner);
    const elsewhere = other.connections.securityGroups.some((sg) => Stack.of(sg) !== home);
    if (this.delegating || !elsewhere) {
      super.allowFrom(other, portRange, description);
      return;
    }
    this.delegating = true;
    try {
      other.connections.allowTo(this, portRange, description);
    } finally {
      this.delegating = false;
    }
  }
}
