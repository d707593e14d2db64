import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Set;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * DynamoDB Local as its own ServerRunner builds it, with two changes its command line cannot make: its
 * Jetty connector listens on 127.0.0.1 only, and a request from a browser page (an Origin header) or for
 * a Host that is not a loopback name (DNS rebinding) is refused before it reaches the database.
 * Run in Java's source-file mode, so nothing is compiled ahead or committed as bytecode.
 */
public class LoopbackDynamoDbLocal {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    HandlerWrapper guard =
        new HandlerWrapper() {
          @Override
          public void handle(
              String target, Request base, HttpServletRequest request, HttpServletResponse response)
              throws IOException, ServletException {
            boolean fromPage = request.getHeader("Origin") != null;
            if (fromPage || !LOOPBACK.contains(request.getServerName())) {
              base.setHandled(true);
              response.sendError(403, "DynamoDB Local answers this machine's tools only");
              return;
            }
            super.handle(target, base, request, response);
          }
        };
    guard.setHandler(server.getHandler());
    server.setHandler(guard);
    proxy.start();
    System.err.println("DynamoDB Local listening on 127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getPort());
  }
}
